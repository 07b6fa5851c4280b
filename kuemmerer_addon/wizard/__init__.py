from . import kuemmerer_hint_wizard
from . import kuemmerer_apply_chain_wizard
from . import kuemmerer_event_invite_wizard
from . import kuemmerer_event_attendance_wizard
from . import kuemmerer_annual_report_wizard
from . import kuemmerer_handover_wizard
from . import base_partner_merge_automatic_wizard
from . import kuemmerer_referral_wizard
from . import kuemmerer_visit_finish_wizard
from . import kuemmerer_notice_wizard
from . import kuemmerer_tandem_statement_wizard
from . import kuemmerer_tandem_suggestion_wizard

