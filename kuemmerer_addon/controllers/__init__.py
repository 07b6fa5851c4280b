from . import privacy
from . import reporting
