from . import privacy
from . import portal
from . import portal_shifts
from . import portal_tasks
from . import reporting
