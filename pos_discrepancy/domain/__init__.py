"""Pure domain logic: no I/O, nothing imported from outside ``domain`` and ``money``."""

from .claim import DisplayedPrice, MultiBuy, ScannedItem, ShelfClaim
from .discrepancy import Direction, Discrepancy, Finding, build_discrepancy
from .incident import Cause, CustomerOutcome, RecordedOutcome, Resolution, Signage, Status
from .options import Action, Option, OptionList
from .policy import Policy, StoreInfo

__all__ = [
    "Action",
    "Cause",
    "CustomerOutcome",
    "Direction",
    "Discrepancy",
    "DisplayedPrice",
    "Finding",
    "MultiBuy",
    "Option",
    "OptionList",
    "Policy",
    "RecordedOutcome",
    "Resolution",
    "ScannedItem",
    "ShelfClaim",
    "Signage",
    "Status",
    "StoreInfo",
    "build_discrepancy",
]
