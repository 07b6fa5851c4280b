import {registry} from "@web/core/registry";

// The Kümmerer plans an exchange meeting of the quarter's volunteers
// (Ehrenamt > Austauschtreffen): "Neu" comes with the next weekday at 14:30
// and the Kümmerer's quarter, a place is typed, saved, and one button invites
// the active volunteers of the quarter by e-mail.
registry.category("web_tour.tours").add("kuemmerer_exchange_meeting_tour", {
  url: "/odoo/action-kuemmerer_addon.calendar_event_action_exchange_meeting",
  steps: () => [
    {
      content: "A new exchange meeting",
      trigger: ".o_list_button_add",
      run: "click",
    },
    {
      content: "The quarter is the Kümmerer's own",
      trigger: ".o_field_widget[name='quarter_id'] input:value('Quartier A')",
    },
    {
      content: "Where the volunteers meet",
      trigger: ".o_field_widget[name='location'] input",
      run: "edit Nachbarschaftstreff Lindenstraße",
    },
    {
      content: "Save",
      trigger: ".o_form_button_save",
      run: "click",
    },
    {
      content: "Invite the active volunteers of the quarter",
      trigger: "button[name='action_kuemmerer_invite_volunteers']",
      run: "click",
    },
    {
      content: "Told how many were invited",
      trigger: ".o_notification:contains('Ehrenamtliche eingeladen')",
    },
  ],
});
