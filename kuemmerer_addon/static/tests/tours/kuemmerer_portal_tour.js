/** @odoo-module **/

import { registry } from "@web/core/registry";

// A volunteer logs in on the phone, opens "My Shifts" (Meine Einsätze), signs
// up for a shift, finds it under their registrations and cancels it again,
// then opens "My Tasks" (Meine Aufgaben) from the portal home.
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
            trigger: ".o_portal_my_home a[href='/my/shifts']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Nothing registered yet: open the shift with free seats",
            trigger: "#kuemmerer_open_shifts .o_kuemmerer_shift_card:contains('Tour-Café')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Sign up",
            trigger: "button.o_kuemmerer_sign_up",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The sign-up is confirmed",
            trigger: "#kuemmerer_shift_detail .alert-success",
        },
        {
            content: "Back to my shifts",
            trigger: "#kuemmerer_shift_detail a[href='/my/shifts']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The shift is listed under my registrations",
            trigger: "#kuemmerer_my_registrations .o_kuemmerer_shift_card:contains('Tour-Café')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Cancel the registration",
            trigger: "button.o_kuemmerer_cancel",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The cancellation is confirmed and signing up is possible again",
            trigger: "#kuemmerer_shift_detail .alert-success:not(:has(.o_kuemmerer_cancel))",
        },
        {
            content: "Sign-up button is back",
            trigger: "button.o_kuemmerer_sign_up",
        },
        {
            content: "Back to the portal home",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            // its own page, also when Project's "Tasks" (/my/tasks) is installed
            content: "Open My Tasks from the portal home",
            trigger: ".o_portal_my_home a[href='/my/kuemmerer/tasks']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The help steps assigned to the volunteer are listed",
            trigger: ".o_kuemmerer_task:contains('Einkauf für die Nachbarin erledigen')",
        },
    ],
});
