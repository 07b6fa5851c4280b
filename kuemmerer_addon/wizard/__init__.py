from . import kuemmerer_hint_wizard
