"""`pellucid data ...` and `pellucid documents ...`: a user's commands against any Lucid API origin
(a pellucid server or Lucid's cloud), through the SDK only. Results go to stdout as JSON, progress
and errors to stderr."""
