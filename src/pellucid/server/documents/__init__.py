"""Documents with content: the one model (`model.py`), its text (`text.py`), contents classes
(`classes.py`); importers, contents, the SVG renderer and image export build on them."""
