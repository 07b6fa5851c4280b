from . import kuemmerer_quarter
from . import res_partner
from . import kuemmerer_trusted_person
from . import kuemmerer_need_category
from . import kuemmerer_need
from . import kuemmerer_contact
from . import kuemmerer_consent
