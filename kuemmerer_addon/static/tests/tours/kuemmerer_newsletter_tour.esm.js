import {registry} from "@web/core/registry";

// The coordinator writes a newsletter to a quarter (Nachbarschaft >
// Newsletter): a subject, the quarter; the text starts with a greeting and
// the line to unsubscribe; saved as a draft in Odoo's Email Marketing.
registry.category("web_tour.tours").add("kuemmerer_newsletter_tour", {
  url: "/odoo/action-kuemmerer_addon.mailing_mailing_action_kuemmerer_newsletter",
  steps: () => [
    {
      content: "A new newsletter",
      trigger: ".o_list_button_add, .o-kanban-button-new",
      run: "click",
    },
    {
      content: "The subject",
      trigger: ".o_field_widget[name='subject'] input",
      run: "edit Sommerfest im Hof",
    },
    {
      content: "The quarter",
      trigger: ".o_field_widget[name='kuemmerer_quarter_ids'] input",
      run: "edit Quartier A",
    },
    {
      content: "Choose it",
      trigger: ".dropdown-item:contains('Quartier A')",
      run: "click",
    },
    {
      content: "Save the draft",
      trigger: ".o_form_button_save",
      run: "click",
    },
    {
      content: "Saved",
      trigger: ".o_form_saved",
    },
  ],
});
