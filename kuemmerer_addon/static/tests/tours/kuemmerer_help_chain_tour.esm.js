import {registry} from "@web/core/registry";

// A Kümmerer opens a need, starts the help chain from the category's template,
// completes the first step, sends the referral and sees the next step become due.
registry.category("web_tour.tours").add("kuemmerer_help_chain_tour", {
  steps: () => [
    {
      content: "Open the need of Anna Althaus from the board",
      trigger: ".o_kanban_record:contains(Anna Althaus)",
      run: "click",
    },
    {
      content: "Start a help chain",
      trigger: "button[name=action_open_apply_chain_wizard]",
      run: "click",
    },
    {
      content: "The category's template is proposed: start it",
      trigger: ".modal .o_field_widget[name=template_id] input:value(Testkette)",
    },
    {
      trigger: ".modal button[name=action_apply]",
      run: "click",
    },
    {
      content: "The need is now in progress",
      trigger:
        ".o_statusbar_status button.o_arrow_button_current[data-value=in_progress]",
    },
    {
      content: "Open the help chain",
      trigger: ".o_notebook .nav-link[name=help_chain]",
      run: "click",
    },
    {
      content: "Complete the first step",
      trigger: ".o_data_row:contains(Anrufen) button[name=action_done]",
      run: "click",
    },
    {
      content: "The referral is due now: send it to the network partner",
      trigger: ".o_data_row:contains(Vermitteln) button[name=action_open_send_wizard]",
      run: "click",
    },
    {
      content: "The consent is there: confirm sending",
      trigger: ".modal button[name=action_send]",
      run: "click",
    },
    {
      content: "The step says it was sent and no longer offers sending",
      trigger:
        ".o_data_row:contains(Vermitteln):not(:has(button[name=action_open_send_wizard]))",
    },
    {
      content: "The referral is logged in the chatter",
      trigger: ".o-mail-Message:contains(Pflegeberatung Süd)",
    },
    {
      content: "Mark the referral done",
      trigger: ".o_data_row:contains(Vermitteln) button[name=action_done]",
      run: "click",
    },
    {
      content: "The follow-up is due now",
      trigger: ".o_data_row:contains(Nachfragen) button[name=action_done]",
    },
  ],
});
