// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// The Kümmerer's casework on a tablet held upright (768 x 1024), in German:
// My Steps as cards → finish a step → send the referral, recording the
// missing consent on the way → answer the home visit checklist with one tap
// per question → finish the visit, leaving one need out of the preview.
registry.category("web_tour.tours").add("kuemmerer_tablet_casework_tour", {
  steps: () => [
    {
      content: "My Steps: the due step is a card with its actions",
      trigger:
        ".o_kuemmerer_step_kanban .o_kanban_record:contains(Anrufen):contains(Anna Althaus)",
    },
    {
      content: "Finish the call with one tap",
      trigger: ".o_kanban_record:contains(Anrufen) button[name=action_done]",
      run: "click",
    },
    {
      content: "The referral is due now: send it",
      trigger:
        ".o_kanban_record:contains(Vermitteln) button[name=action_open_send_wizard]",
      run: "click",
    },
    {
      content: "Before anything is confirmed: the consent is missing",
      trigger: ".modal .o_kuemmerer_consent_needed:contains(Anna Althaus)",
    },
    {
      content: "The resident agreed in the conversation",
      trigger: ".modal .o_field_widget[name=consent_method] input[data-value=verbal]",
      run: "click",
    },
    {
      content: "Record the consent and go on",
      trigger: ".modal button[name=action_record_consent]",
      run: "click",
    },
    {
      content: "The dialog says what goes to whom",
      trigger: ".modal .o_kuemmerer_send_confirm:contains(Pflegeberatung Süd)",
    },
    {
      content: "Send",
      trigger: ".modal button[name=action_send]",
      run: "click",
    },
    {
      content: "A visible confirmation",
      trigger: ".o_notification:contains(Pflegeberatung Süd)",
    },
    {
      content: "The card no longer offers 'Send' and says when it was sent",
      trigger:
        ".o_kanban_record:contains(Vermitteln):has(.o_kuemmerer_sent):not(:has(button[name=action_open_send_wizard]))",
    },
    {
      content: "On to the home visits",
      trigger: ".o_kuemmerer_step_kanban",
      run: "goToUrl /odoo/action-kuemmerer_addon.kuemmerer_visit_action",
    },
    {
      content: "Open the planned visit",
      trigger: ".o_data_row:contains(Anna Althaus) td.o_data_cell",
      run: "click",
    },
    {
      content: "One tap: 'Ja' to the first question",
      trigger:
        ".o_data_row:contains(Lebt allein) .o_kuemmerer_answer_buttons button[data-value=yes]",
      run: "click",
    },
    {
      content: "The answer that points to a need is marked",
      trigger:
        ".o_data_row:contains(Lebt allein) .o_kuemmerer_answer_buttons button[data-value=yes].active.btn-warning",
    },
    {
      content: "One tap: 'Nein' to the second",
      trigger:
        ".o_data_row:contains(Stürzt oft) .o_kuemmerer_answer_buttons button[data-value=no]",
      run: "click",
    },
    {
      content: "One tap: 'Ja' to the third",
      trigger:
        ".o_data_row:contains(Braucht Begleitung) .o_kuemmerer_answer_buttons button[data-value=yes]",
      run: "click",
    },
    {
      trigger:
        ".o_data_row:contains(Braucht Begleitung) .o_kuemmerer_answer_buttons button[data-value=yes].active",
    },
    {
      content: "Finish the visit",
      trigger: "button[name=action_open_finish_wizard]",
      run: "click",
    },
    {
      content: "The preview lists the two needs; leave mobility out",
      trigger:
        ".modal .o_kuemmerer_finish_lines .o_data_row:contains(Mobilität) .o_field_boolean_toggle input",
      run: "click",
    },
    {
      trigger: ".modal .o_kuemmerer_finish_lines .o_data_row:contains(Vereinsamung)",
    },
    {
      content: "Confirm",
      trigger: ".modal button[name=action_confirm]",
      run: "click",
    },
    {
      content: "The visit is done",
      trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
    },
  ],
});
