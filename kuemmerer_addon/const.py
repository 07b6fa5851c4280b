# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Names shared across the addon, defined once."""

# the security groups (security/kuemmerer_security.xml)
STAFF = "kuemmerer_addon.group_kuemmerer_staff"
CASEWORK = "kuemmerer_addon.group_kuemmerer_user"
MANAGER = "kuemmerer_addon.group_kuemmerer_manager"

# the time zone of the cooperatives: for users without one of their own and
# for letters and e-mails to residents
DEFAULT_TZ = "Europe/Berlin"
