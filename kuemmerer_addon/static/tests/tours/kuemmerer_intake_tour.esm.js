import {registry} from "@web/core/registry";

// A neighbour on the phone, without an account: opens /kuemmerer/hinweis,
// chooses "Ich mache mir Sorgen um …", says whom it concerns and the quarter,
// writes what is going on, gives no name (anonymous) and sends. The page
// says only that the message arrived.
registry.category("web_tour.tours").add("kuemmerer_intake_public", {
  url: "/kuemmerer/hinweis",
  steps: () => [
    {
      content: "Worried about someone",
      trigger: ".o_kuemmerer_intake_form label[for=kind_worry]",
      run: "click",
    },
    {
      content: "Whom it concerns",
      trigger: ".o_kuemmerer_intake_form input[name=about]",
      run: "edit Frau Althaus, Lindenstraße 1",
    },
    {
      content: "The quarter",
      trigger: ".o_kuemmerer_intake_form select[name=quarter]",
      run: "selectByLabel Quartier A",
    },
    {
      content: "What is going on",
      trigger: ".o_kuemmerer_intake_form textarea[name=message]",
      run: "edit Der Briefkasten quillt über, die Rollläden sind seit Tagen unten.",
    },
    {
      content: "Anonymous is allowed: the name stays empty; what happens next is said",
      trigger: ".o_kuemmerer_intake_form .card-body ul",
    },
    {
      content: "Send",
      trigger: ".o_kuemmerer_intake_form button[type=submit]",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Received, nothing more",
      trigger: ".o_kuemmerer_intake_received",
    },
  ],
});

// The quarter's Kümmerer triages the hint: opens it from the queue, links
// the likely resident offered by name and street, chooses the category and
// records the need.
registry.category("web_tour.tours").add("kuemmerer_intake_triage", {
  steps: () => [
    {
      content: "The queue lists the new hint",
      trigger:
        ".o_list_view .o_data_row:contains(Lindenstraße) .o_data_cell[name=name]",
      run: "click",
    },
    {
      content: "The message is on the form",
      trigger: ".o_form_view .o_field_widget[name=message]:contains(Briefkasten)",
    },
    {
      content: "Link the likely resident",
      trigger:
        ".o_field_widget[name=match_ids] .o_data_row:contains(Anna Althaus) button[name=kuemmerer_action_link_intake]",
      run: "click",
    },
    {
      content: "The resident is linked",
      trigger: ".o_field_widget[name=partner_id] input:value(Anna Althaus)",
    },
    {
      trigger: ".o_field_widget[name=category_id] input",
      run: "edit Vereins",
    },
    {
      trigger: ".o-autocomplete--dropdown-item:contains(Vereinsamung)",
      run: "click",
    },
    {
      content: "Record the need",
      trigger: ".o_form_view button[name=action_create_need]",
      run: "click",
    },
    {
      content: "The need is open, for the resident",
      trigger:
        ".o_form_view .o_field_widget[name=partner_id]:contains(Anna Althaus), .o_form_view .o_field_widget[name=partner_id] input:value(Anna Althaus)",
    },
    {
      content: "Open the situation",
      trigger: ".o_form_view .o_notebook .nav-link[name=description]",
      run: "click",
    },
    {
      content: "with the hint's text (checked by the test)",
      trigger: ".o_form_view .o_field_widget[name=description] textarea",
    },
  ],
});
