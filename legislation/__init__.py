"""Laws as structured texts: the parser, addresses, the amending-bill generator (issue 13).

`structure`, `grammar`, `quotes`, `acts`, `amend` and `references` are pure Python (no Django):
the API view, the management command and the settings live beside them.
"""
