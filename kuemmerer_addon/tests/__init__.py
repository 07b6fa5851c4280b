from . import test_casework_security
from . import test_consent
from . import test_contact
from . import test_hint
from . import test_i18n
from . import test_need
from . import test_quarter
from . import test_shift
