from . import privacy
from . import portal
from . import reporting
from . import referral
