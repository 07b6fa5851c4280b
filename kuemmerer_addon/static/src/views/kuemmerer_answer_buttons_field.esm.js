// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/**
 * The answer to a question of the home visit checklist: "Yes / No / Not
 * applicable" as a row of large buttons, answered with one tap, also in a
 * row of an editable list that is not being edited (the list does not take
 * the tap to open the row first). The answer that points to a need carries
 * a sign and turns orange when chosen.
 */
export class KuemmererAnswerButtonsField extends Component {
  static template = "kuemmerer_addon.AnswerButtonsField";
  static props = {
    ...standardFieldProps,
    triggerField: {type: String, optional: true},
  };

  get options() {
    return this.props.record.fields[this.props.name].selection;
  }

  get value() {
    return this.props.record.data[this.props.name];
  }

  get trigger() {
    return this.props.triggerField
      ? this.props.record.data[this.props.triggerField]
      : false;
  }

  get triggerTitle() {
    return _t("This answer points to a need");
  }

  buttonClass(value) {
    if (value !== this.value) {
      return "btn-outline-secondary";
    }
    return value === this.trigger ? "btn-warning active" : "btn-primary active";
  }

  onClick(ev, value) {
    // The list must not open the row for editing first: one tap answers
    ev.target.special_click = true;
    if (this.props.readonly || value === this.value) {
      return;
    }
    this.props.record.update({[this.props.name]: value});
  }
}

export const kuemmererAnswerButtonsField = {
  component: KuemmererAnswerButtonsField,
  displayName: _t("Answer Buttons"),
  supportedTypes: ["selection"],
  // Answerable in a row that is not being edited (as boolean_toggle)
  extractProps: ({options}, dynamicInfo) => ({
    triggerField: options.trigger_field,
    readonly: dynamicInfo.readonly,
  }),
};

registry
  .category("fields")
  .add("kuemmerer_answer_buttons", kuemmererAnswerButtonsField);
