# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

LOG_KEY = "kuemmerer.access.log.rows"


class KuemmererSensitiveMixin(models.AbstractModel):
    """Logs every read of the model's sensitive fields by a user in
    kuemmerer.access.log, in one INSERT per request (not per record)."""

    _name = "kuemmerer.sensitive.mixin"
    _description = "Sensitive Data Access Logging"

    #: names of the fields whose reading is logged
    _kuemmerer_sensitive_fields = ()
    #: path to the resident the record is about
    _kuemmerer_partner_path = "partner_id"

    # The web client's reads are declared read-only (api.readonly) and may run
    # on a read-only cursor. Reading sensitive data writes the access log, so
    # these overrides (without the decorator) run on a read/write cursor.

    def web_read(self, specification):
        return super().web_read(specification)

    web_read._readonly = False

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        return super().web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )

    web_search_read._readonly = False

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        self._kuemmerer_log_access(fields or list(self._fields), "read")
        return result

    read._readonly = False

    @api.model
    def search_read(
        self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs
    ):
        result = super().search_read(
            domain, fields, offset, limit, order, **read_kwargs
        )
        if result:
            self.browse([row["id"] for row in result])._kuemmerer_log_access(
                fields or list(self._fields), "read"
            )
        return result

    search_read._readonly = False

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        # Grouping by a sensitive text, or aggregating it, would hand out the
        # texts without the per-record read that logs the access: refused.
        if not self.env.su and self._kuemmerer_sensitive_fields:
            specs = [*groupby, *aggregates, *(order or "").split(",")]
            used = {
                spec.strip().split(":")[0].split(".")[0].split(" ")[0]
                for spec in specs
                if spec
            }
            if used & set(self._kuemmerer_sensitive_fields):
                raise UserError(
                    self.env._(
                        "Confidential texts cannot be grouped or summed up. Please "
                        "group by "
                        "another field."
                    )
                )
        return super()._read_group(
            domain,
            groupby=groupby,
            aggregates=aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._kuemmerer_log_access(
            [path.split("/")[0] for path in fields_to_export], "export"
        )
        return result

    def _kuemmerer_log_access(self, field_names, operation):
        if self.env.su or not self:
            return
        sensitive = sorted(
            set(self._kuemmerer_sensitive_fields).intersection(field_names)
        )
        if not sensitive:
            return
        partners = {
            record.id: record[self._kuemmerer_partner_path]
            for record in self.sudo().with_context(prefetch_fields=False)
        }
        cr = self.env.cr
        rows = cr.precommit.data.get(LOG_KEY)
        if rows is None:
            rows = cr.precommit.data[LOG_KEY] = []
            cr.precommit.add(self._kuemmerer_flush_access_log)
        now = fields.Datetime.now()
        rows.extend(
            (
                now,
                self.env.uid,
                self._name,
                record_id,
                partners[record_id].id or None,
                partners[record_id].company_id.id or None,
                ",".join(sensitive),
                operation,
            )
            for record_id in self.ids
        )

    @api.model
    def _kuemmerer_flush_access_log(self):
        rows = self.env.cr.precommit.data.pop(LOG_KEY, None)
        if not rows:
            return
        query = SQL(
            "INSERT INTO kuemmerer_access_log "
            "(create_date, user_id, res_model, res_id, partner_id, company_id, "
            "field_names, operation)"
            " VALUES %s",
            SQL(", ").join(
                SQL("(%s, %s, %s, %s, %s, %s, %s, %s)", *row) for row in rows
            ),
        )
        if self.env.cr.readonly:
            # a read-only request: the log is written in its own transaction
            with self.env.registry.cursor() as cr:
                cr.execute(query)
        else:
            self.env.cr.execute(query)
