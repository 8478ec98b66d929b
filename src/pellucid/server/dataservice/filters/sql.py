# TEMPORARY stub (not committed): replaced by the filters branch.
from dataclasses import dataclass
@dataclass
class FieldColumns:
    text: object
    number: object
def to_sql(node, resolve, dialect):
    raise NotImplementedError
