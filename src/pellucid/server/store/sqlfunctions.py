"""SQL functions the filter translation relies on, registered per backend.

SQLite: registered on every new connection (`register_sqlite`). PostgreSQL: created by a
migration from `POSTGRES_DDL`. Both must implement the same semantics as `store.values`:

* `pellucid_contains_text(key text, needle text) -> boolean` is `values.contains_text`;
* `pellucid_contains_number(key text, needle float) -> boolean` is `values.contains_number`,
  which on PostgreSQL needs `pellucid_folded_double(child text)`, Java's Double.parseDouble
  (as `values.parse_java_double`) over a case-folded child, NULL for NaN and non-numbers.
"""

from __future__ import annotations

from . import values

# Java's String.trim() set as a PostgreSQL string literal (text cannot hold U+0000 there).
_PG_JAVA_WHITESPACE = "E'" + "".join(f"\\x{code:02x}" for code in range(1, 0x21)) + "'"

# Decimal: sign, NaN, Infinity, significand, exponent. Hex: sign, significand, binary exponent.
_PG_DECIMAL = (
    r"^([+-]?)(?:(NaN)|(Infinity)|([0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?[fFdD]?)$"
)
_PG_HEX = r"^([+-]?)0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP]([+-]?[0-9]+)[fFdD]?$"

# The value is rebuilt as an exact decimal string and cast: float8in rounds correctly, like
# Java. Out of range it raises instead of giving Infinity or 0, so a cast that may fall out of
# range (within a decade or a nibble of the limits) runs in an exception block, which costs a
# subtransaction; values far out of range are answered without a cast.
_FOLDED_DOUBLE = f"""
CREATE OR REPLACE FUNCTION pellucid_folded_double(child text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
    body text := replace(btrim(child, {_PG_JAVA_WHITESPACE}), 'infinity', 'Infinity');
    m text[];
    sign text;
    decimal text;
    digits text;
    fraction text;
    exponent numeric;
    magnitude numeric;
    mantissa numeric := 0;
    safe boolean;
BEGIN
    m := regexp_match(body, '{_PG_DECIMAL}');
    IF m IS NOT NULL THEN
        sign := m[1];
        IF m[2] IS NOT NULL THEN
            RETURN NULL;
        ELSIF m[3] IS NOT NULL THEN
            RETURN (sign || 'Infinity')::double precision;
        END IF;
        exponent := coalesce(m[5], '0')::numeric;
        decimal := m[4] || 'e' || exponent::text;
        digits := ltrim(split_part(m[4], '.', 1), '0');
        fraction := split_part(m[4], '.', 2);
        IF digits <> '' THEN
            magnitude := exponent + length(digits) - 1;
        ELSIF ltrim(fraction, '0') <> '' THEN
            magnitude := exponent - (length(fraction) - length(ltrim(fraction, '0'))) - 1;
        ELSE
            RETURN (sign || '0')::double precision;
        END IF;
        IF magnitude > 309 THEN
            RETURN (sign || 'Infinity')::double precision;
        ELSIF magnitude < -325 THEN
            RETURN (sign || '0')::double precision;
        END IF;
        safe := magnitude BETWEEN -323 AND 307;
    ELSE
        m := regexp_match(body, '{_PG_HEX}');
        IF m IS NULL THEN
            RETURN NULL;
        END IF;
        sign := m[1];
        digits := ltrim(replace(m[2], '.', ''), '0');
        IF digits = '' THEN
            RETURN (sign || '0')::double precision;
        END IF;
        exponent := m[3]::numeric - 4 * length(split_part(m[2], '.', 2));
        -- 2^(magnitude - 4) <= value < 2^magnitude
        magnitude := 4 * length(digits) + exponent;
        IF magnitude - 4 >= 1024 THEN
            RETURN (sign || 'Infinity')::double precision;
        ELSIF magnitude <= -1076 THEN
            RETURN (sign || '0')::double precision;
        END IF;
        safe := magnitude - 4 >= -1074 AND magnitude <= 1023;
        FOR i IN 1 .. length(digits) LOOP
            mantissa := mantissa * 16
                + position(lower(substr(digits, i, 1)) in '0123456789abcdef') - 1;
        END LOOP;
        IF exponent >= 0 THEN
            decimal := (mantissa * 2::numeric ^ exponent)::text;
        ELSE  -- m * 2^-n = m * 5^n * 10^-n, exactly
            decimal := (mantissa * 5::numeric ^ (-exponent))::text || 'e' || exponent::text;
        END IF;
    END IF;
    IF safe THEN
        RETURN (sign || decimal)::double precision;
    END IF;
    BEGIN
        RETURN (sign || decimal)::double precision;
    EXCEPTION WHEN numeric_value_out_of_range THEN
        RETURN (sign || CASE WHEN magnitude > 0 THEN 'Infinity' ELSE '0' END)::double precision;
    END;
END
$fn$
"""

_CONTAINS_TEXT = f"""
CREATE OR REPLACE FUNCTION pellucid_contains_text(key text, needle text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT EXISTS (
        SELECT 1 FROM regexp_split_to_table(key, ',') AS child
        WHERE btrim(child, {_PG_JAVA_WHITESPACE}) = needle
    )
$fn$
"""

_CONTAINS_NUMBER = """
CREATE OR REPLACE FUNCTION pellucid_contains_number(key text, needle double precision)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT EXISTS (
        SELECT 1 FROM regexp_split_to_table(key, ',') AS child
        WHERE pellucid_folded_double(child) = needle
    )
$fn$
"""

# In dependency order; CREATE OR REPLACE, so a later migration may simply run them again.
POSTGRES_DDL: list[str] = [_FOLDED_DOUBLE, _CONTAINS_TEXT, _CONTAINS_NUMBER]

POSTGRES_DROP: list[str] = [
    "DROP FUNCTION IF EXISTS pellucid_contains_number(text, double precision)",
    "DROP FUNCTION IF EXISTS pellucid_contains_text(text, text)",
    "DROP FUNCTION IF EXISTS pellucid_folded_double(text)",
]


def register_sqlite(dbapi_conn) -> None:
    """Register the deterministic helper functions on a raw sqlite3 connection."""
    dbapi_conn.create_function(
        "pellucid_contains_text", 2, values.contains_text, deterministic=True
    )
    dbapi_conn.create_function(
        "pellucid_contains_number", 2, values.contains_number, deterministic=True
    )
