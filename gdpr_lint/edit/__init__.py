"""Editing declarations as they are written: targeted text edits, never a re-dump.

`textedit` edits text through the node tree the loader reads (`lint/yamltree.py`, with the
span of every node), leaving every other byte (comments, formatting) as it was; `edits` holds
what the rules' fixes, `init`, `stamp` and the language server build their edits from (the
node at a path, a scalar replaced, an item appended to a list in the list's own style, the
schema at a path, a value normalised to what the schema allows).
"""
