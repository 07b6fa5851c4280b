# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.3.0.0: the interface to professionals (issue 19) and the other
features of the third round, each in a function of its own."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def _referrals_escalation_index(env):
    """Issue 19: the escalation leaves a referral that waits for the network
    partner's answer alone until its follow-up date: the index on the
    escalation's key is rebuilt on the new expression. Existing steps keep
    ``referral_state`` = 'none' (they were sent without a link)."""
    env["kuemmerer.help.step"]._kuemmerer_rebuild_escalation_index()
    _logger.info("Escalation index of help steps rebuilt for referrals")


def _consents_given_by(env):
    """Issue 19: every consent recorded so far was given by the resident
    (``given_by_id``); ``legal_role`` of trusted persons starts at 'none'
    (the column default), and no consent had an end date yet."""
    env.cr.execute(
        "UPDATE kuemmerer_consent SET given_by_id = partner_id "
        "WHERE given_by_id IS NULL"
    )
    _logger.info("%s consents marked as given by the resident", env.cr.rowcount)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _referrals_escalation_index(env)
    _consents_given_by(env)
