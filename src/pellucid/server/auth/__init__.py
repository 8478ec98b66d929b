"""Who is calling and what they may do: tokens, scopes, grants, rate limits."""
