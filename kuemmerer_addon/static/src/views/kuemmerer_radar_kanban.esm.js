// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {KanbanHeader} from "@web/views/kanban/kanban_header";
import {KanbanRenderer} from "@web/views/kanban/kanban_renderer";
import {_t} from "@web/core/l10n/translation";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {registry} from "@web/core/registry";

/** The attention level (0-3) in words, as the column title of the radar. */
export function attentionLabel(level) {
  return {
    0: _t("0 – nothing stands out"),
    1: _t("1 – keep an eye on"),
    2: _t("2 – get in touch soon"),
    3: _t("3 – urgent"),
  }[level];
}

export class KuemmererRadarKanbanHeader extends KanbanHeader {
  get groupName() {
    const {groupByField, value} = this.group;
    if (groupByField.name === "attention_level" && attentionLabel(value)) {
      return attentionLabel(value);
    }
    return super.groupName;
  }
}

export class KuemmererRadarKanbanRenderer extends KanbanRenderer {
  static components = {
    ...KanbanRenderer.components,
    KanbanHeader: KuemmererRadarKanbanHeader,
  };
}

export const kuemmererRadarKanbanView = {
  ...kanbanView,
  Renderer: KuemmererRadarKanbanRenderer,
};

registry.category("views").add("kuemmerer_radar_kanban", kuemmererRadarKanbanView);
