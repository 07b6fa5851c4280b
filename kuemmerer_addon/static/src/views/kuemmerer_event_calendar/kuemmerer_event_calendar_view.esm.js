import {CalendarController} from "@web/views/calendar/calendar_controller";
import {calendarView} from "@web/views/calendar/calendar_view";
import {registry} from "@web/core/registry";

/**
 * The calendar of neighbourhood events: Odoo's calendar view with a "New"
 * button that opens the event's own form of the action (like the list view's),
 * not the business meeting form.
 */
export class KuemmererEventCalendarController extends CalendarController {
  static template = "kuemmerer_addon.EventCalendarController";

  onClickNew() {
    if (this.props.createRecord) {
      return this.props.createRecord();
    }
    return this.editRecordInCreation({start: luxon.DateTime.local()});
  }
}

export const kuemmererEventCalendarView = {
  ...calendarView,
  Controller: KuemmererEventCalendarController,
};

registry.category("views").add("kuemmerer_event_calendar", kuemmererEventCalendarView);
