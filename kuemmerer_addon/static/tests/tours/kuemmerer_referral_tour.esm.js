import {registry} from "@web/core/registry";

// A network partner on the phone opens the link of a referral e-mail (no
// account): reads who and what in German, takes the referral on with a short
// message, and later reports the outcome on the same page.
registry.category("web_tour.tours").add("kuemmerer_referral_tour", {
  steps: () => [
    {
      content: "The page is German and names the resident",
      trigger: ".o_kuemmerer_referral h1:contains('Vermittlung')",
    },
    {
      content: "What the e-mail showed: name, address, phone to tap",
      trigger: ".o_kuemmerer_referral_data:contains('Anna Althaus') a[href^='tel:']",
    },
    {
      content: "Waiting for the answer",
      trigger: ".o_kuemmerer_referral_state:contains('wartet auf Ihre Antwort')",
    },
    {
      content: "Write a message",
      trigger: "textarea[name=text]",
      run: "edit Wir melden uns morgen bei Frau Althaus.",
    },
    {
      content: "Take on the referral",
      trigger: "button[name=answer][value=accepted]:contains('Vermittlung übernehmen')",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Thanked, and the page now asks for the outcome",
      trigger: ".o_kuemmerer_referral_thanks:contains('Danke')",
    },
    {
      content: "Report the outcome",
      trigger: "textarea[name=text]",
      run: "edit Beratung hat stattgefunden.",
    },
    {
      content: "Send the outcome",
      trigger: "button[name=answer][value=done]",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Thanked; nothing more to answer",
      trigger: ".o_kuemmerer_referral_state:contains('Ergebnis gemeldet')",
    },
    {
      content: "No form any more",
      trigger: "body:not(:has(form.o_kuemmerer_referral_form))",
    },
  ],
});
