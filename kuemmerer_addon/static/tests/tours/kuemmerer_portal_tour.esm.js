import {registry} from "@web/core/registry";

// A volunteer on the phone: logs in, opens "Meine Einsätze", signs up with the
// card's "Anmelden" button, cancels with the card's "Abmelden" button after
// answering the question ("wirklich?"), then opens "Meine Aufgaben" and
// reports a task as "Hat nicht geklappt" with the reason, and another as
// "Erledigt".
registry.category("web_tour.tours").add("kuemmerer_portal_shift_tour", {
  url: "/web/login",
  steps: () => [
    {
      content: "Enter the login",
      trigger: "input[name=login]",
      run: "edit k_portal",
    },
    {
      content: "Enter the password",
      trigger: "input[name=password]",
      run: "edit k_portal",
    },
    {
      content: "Log in",
      trigger: "form.oe_login_form button[type=submit]",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Open My Shifts from the portal home",
      trigger: ".o_portal_my_home a[href$='/my/shifts']",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Nothing registered yet: sign up with the button on the card",
      trigger:
        "#kuemmerer_open_shifts .o_kuemmerer_shift_card:contains('Tour-Café') button.o_kuemmerer_sign_up",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "The sign-up is confirmed on the shift's page",
      trigger: "#kuemmerer_shift_detail .alert-success",
    },
    {
      content: "Whom to call: a phone number to tap",
      trigger:
        "#kuemmerer_shift_detail .o_kuemmerer_contact a.o_kuemmerer_call[href^='tel:']",
    },
    {
      content: "Back to my shifts",
      trigger: "#kuemmerer_shift_detail a.o_kuemmerer_back",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "The shift is listed under my registrations, with a button to cancel",
      trigger:
        "#kuemmerer_my_registrations .o_kuemmerer_shift_card:contains('Tour-Café') a.o_kuemmerer_cancel",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "The question names the shift",
      trigger: "#kuemmerer_shift_cancel .o_kuemmerer_question:contains('Tour-Café')",
    },
    {
      content: "Yes, cancel",
      trigger: "#kuemmerer_shift_cancel button.o_kuemmerer_cancel_confirm",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "The cancellation is confirmed and signing up is possible again",
      trigger: "#kuemmerer_shift_detail .alert-success",
    },
    {
      content: "Sign-up button is back",
      trigger: "button.o_kuemmerer_sign_up",
    },
    {
      content: "Back to the portal home",
      trigger: ".o_portal_submenu a[href$='/my/home']",
      run: "click",
      expectUnloadPage: true,
    },
    {
      // Its own page, also when Project's "Tasks" (/my/tasks) is installed
      content: "Open My Tasks from the portal home",
      trigger: ".o_portal_my_home a[href$='/my/kuemmerer/tasks']",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Write why the task did not work out",
      trigger:
        ".o_kuemmerer_task:contains('Einkauf für die Nachbarin erledigen') textarea[name=report]",
      run: "edit Frau Althaus war nicht zu Hause.",
    },
    {
      content: "Report: did not work out",
      trigger:
        ".o_kuemmerer_task:contains('Einkauf für die Nachbarin erledigen') button.o_kuemmerer_report_failed",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Thanked, and the task has left the list",
      trigger:
        ".o_kuemmerer_portal .alert-success:not(:has(.o_kuemmerer_task)):contains('Kümmer')",
    },
    {
      content: "The other task is still there",
      trigger: ".o_kuemmerer_task:contains('Zum Arzt begleiten')",
    },
    {
      content: "The reported task is gone",
      trigger:
        ".o_kuemmerer_portal:not(:has(.o_kuemmerer_task:contains('Einkauf für die Nachbarin')))",
    },
    {
      content: "Write how the other task went",
      trigger: ".o_kuemmerer_task:contains('Zum Arzt begleiten') textarea[name=report]",
      run: "edit Termin war um 10 Uhr, alles gut.",
    },
    {
      content: "Report: done",
      trigger:
        ".o_kuemmerer_task:contains('Zum Arzt begleiten') button.o_kuemmerer_report_done",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Thanked, and no task is left",
      trigger: ".o_kuemmerer_portal:has(.alert-success):not(:has(.o_kuemmerer_task))",
    },
  ],
});
