from . import kuemmerer_hint_wizard
from . import kuemmerer_apply_chain_wizard
from . import kuemmerer_annual_report_wizard
