from . import kuemmerer_hint_wizard
from . import kuemmerer_apply_chain_wizard
