from . import kuemmerer_event_letter_report
from . import kuemmerer_stairwell_notice_report
