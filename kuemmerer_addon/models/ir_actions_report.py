# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import functools
import subprocess

from odoo import api, models
from odoo.http import request

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

MODULE = "kuemmerer_addon"
# Without the patched Qt, wkhtmltopdf cannot switch off WebKit's smart
# shrinking (--disable-smart-shrinking and --zoom are ignored): every length
# comes out at 1/1.3 of its CSS size (measured: 100 mm -> 76.9 mm, 14 pt ->
# 10.9 pt). The report container zooms the page by this factor back to size.
UNPATCHED_QT_ZOOM = 1.3


@functools.cache
def _wkhtmltopdf_has_patched_qt():
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"],
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "patched qt" in version.lower()


class IrActionsReport(models.Model):
    """The addon's reports on any wkhtmltopdf, with or without patched Qt.

    Odoo renders one HTML file per record plus a header and a footer file and
    splits the PDF by its outlines: all of that needs the patched Qt that
    Debian's wkhtmltopdf lacks (several records end in an empty PDF, headers
    and footers are dropped), and its web fonts are drawn as paths without
    text. The addon's reports are self-contained pages instead (see
    ``kuemmerer_addon.report_kuemmerer_container``: system fonts, inline style, the
    letterhead in the body); all records of a print go to wkhtmltopdf as one
    HTML file, each starting on a new page, with nothing to load and no
    script to wait for. Reports of other modules are left as they are.
    """

    _inherit = "ir.actions.report"

    def _kuemmerer_is_own(self):
        return len(self) == 1 and self.report_name.split(".")[0] == MODULE

    @api.model
    def _kuemmerer_pdf_zoom(self):
        """The CSS zoom that makes 1 mm in the report 1 mm on paper."""
        return 1 if _wkhtmltopdf_has_patched_qt() else UNPATCHED_QT_ZOOM

    @api.model
    def _render_qweb_html(self, report_ref, docids, data=None):
        # Odoo's /report/<converter>/ route is a website page: with the website
        # app installed it renders in the website's language (English unless
        # the cooperative added German to its website). The addon's reports
        # speak the language of the user who prints them, as the backend's
        # print button does.
        lang = self.env.user.lang
        frontend = request and getattr(request, "is_frontend", False)
        if frontend and lang and self._get_report(report_ref)._kuemmerer_is_own():
            self = self.with_context(lang=lang)
        return super()._render_qweb_html(report_ref, docids, data=data)

    def _prepare_html(self, html, report_model=False):
        if not self._kuemmerer_is_own():
            return super()._prepare_html(html, report_model=report_model)
        # one body, no header or footer file, no paper format from the markup
        body = html.decode() if isinstance(html, bytes) else html
        return [body], [None], None, None, {}

    @api.model
    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        if report_ref and self._get_report(report_ref)._kuemmerer_is_own():
            self = self.with_context(kuemmerer_report=True)
        return super()._run_wkhtmltopdf(
            bodies,
            report_ref=report_ref,
            header=header,
            footer=footer,
            landscape=landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )

    @api.model
    def _build_wkhtmltopdf_args(
        self,
        paperformat_id,
        landscape,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        command_args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        if not self.env.context.get("kuemmerer_report"):
            return command_args
        if "--javascript-delay" in command_args:
            # our pages have no script: no need to wait a second for one
            index = command_args.index("--javascript-delay")
            command_args[index : index + 2] = ["--disable-javascript"]
        if not _wkhtmltopdf_has_patched_qt():
            # ignored without patched Qt, with a warning in the log
            if "--zoom" in command_args:
                index = command_args.index("--zoom")
                del command_args[index : index + 2]
            if "--disable-smart-shrinking" in command_args:
                command_args.remove("--disable-smart-shrinking")
        return command_args
