"""The amending bill generated from the current and the proposed wording of acts (pure Python).

draft([Amendment(act=Act(...), current=..., proposed=...)], options=Options(), entry_into_force="")
→ Draft(bill=<Markdown>, comparison=[{"unit", "current", "proposed"}], acts=[…], problems=[…])
"""

from legislation.amend.bill import Amendment, Draft, draft
from legislation.amend.diff import Change, Options

__all__ = ["Amendment", "Change", "Draft", "Options", "draft"]
