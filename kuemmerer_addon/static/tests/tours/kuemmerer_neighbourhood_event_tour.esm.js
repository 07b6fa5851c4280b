import {registry} from "@web/core/registry";

// A Kümmerer plans a neighbourhood event from the calendar: "Neu" opens the
// event's own form (the quarter prefilled, none of the meeting's fields),
// invites the quarter and sees who is invited by e-mail and who by letter.
registry.category("web_tour.tours").add("kuemmerer_neighbourhood_event_tour", {
  steps: () => [
    {
      content: "The calendar of neighbourhood events has a button to add one",
      trigger: ".o_calendar_view .o-calendar-button-new",
      run: "click",
    },
    {
      content: "The event's own form: the quarter is the Kümmerer's",
      trigger:
        ".o_form_view .o_field_widget[name=quarter_id] input:value(Tourquartier)",
    },
    {
      content: "No video call, privacy, availability or attendee picker",
      trigger:
        ".o_form_view:not(:has(.o_field_widget[name=videocall_location]))" +
        ":not(:has(.o_field_widget[name=privacy]))" +
        ":not(:has(.o_field_widget[name=show_as]))" +
        ":not(:has(.o_field_widget[name=partner_ids]))",
    },
    {
      // (14:30 in Berlin: the test checks it; the test browser's clock may run in UTC)
      content: "Date and time are proposed (the next weekday, 14:30)",
      trigger: ".o_form_view .o_field_widget[name=start] input:value(/:30$/)",
    },
    {
      content: "Give the event a title",
      trigger: ".o_form_view .o_field_widget[name=name] input",
      run: "edit Nachbarschaftscafé im Treff",
    },
    {
      content: "and a place",
      trigger: ".o_form_view .o_field_widget[name=location] input",
      run: "edit Treff, Lindenstraße 1",
    },
    {
      content: "Invite the residents (this saves the event)",
      trigger:
        ".o_form_view .o_form_statusbar button[name=action_kuemmerer_invite_residents]",
      run: "click",
    },
    {
      content: "The wizard says in advance: one by e-mail",
      trigger: ".modal .o_field_widget[name=preview_email_count]:contains(1)",
    },
    {
      content: "and two by letter",
      trigger: ".modal .o_field_widget[name=preview_letter_count]:contains(2)",
    },
    {
      trigger: ".modal button[name=action_invite]",
      run: "click",
    },
    {
      content: "Paula has no e-mail address: she gets a letter",
      trigger:
        ".modal .o_field_widget[name=letter_partner_ids] .o_data_row:contains(Paula Papier)",
    },
    {
      content: "Close the wizard",
      trigger: ".modal .modal-footer button[special=cancel]",
      run: "click",
    },
    {
      content: "The event shows who is invited by e-mail",
      trigger:
        ".o_form_view:not(:has(.modal)) .o_field_widget[name=kuemmerer_mail_attendee_ids] " +
        ".o_data_row:contains(Emma Einladung)",
    },
    {
      content: "and who by letter",
      trigger:
        ".o_form_view .o_field_widget[name=kuemmerer_letter_partner_ids] " +
        ".o_data_row:contains(Karl Kein)",
    },
    {
      content: "with the counts",
      trigger: ".o_form_view .o_field_widget[name=kuemmerer_letter_count]:contains(2)",
    },
    {
      trigger: ".o_form_view .o_field_widget[name=kuemmerer_mail_count]:contains(1)",
    },
    {
      content: "The letters can be printed now",
      trigger:
        ".o_form_view .o_form_statusbar button[name=action_kuemmerer_print_letters]",
    },
    {
      content: "Back to the calendar: the event is there",
      trigger: ".o_breadcrumb .breadcrumb-item a",
      run: "click",
    },
    {
      trigger: ".o_calendar_view .fc-event:contains(Nachbarschaftscafé)",
    },
  ],
});
