# TEMPORARY stub (not committed): replaced by the filters branch.
class FilterSyntaxError(Exception):
    def __init__(self, message, position=0):
        super().__init__(message); self.position = position
Node = object
def parse(text):
    raise FilterSyntaxError("filters not available yet", 0)
def field_names(node):
    return []
