from . import kuemmerer_event_letter_report
