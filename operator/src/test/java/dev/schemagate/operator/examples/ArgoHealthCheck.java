package dev.schemagate.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs an Argo CD resource health script the way Argo CD does: the resource as the global {@code
 * obj} (a Lua table converted from its JSON), the script as a chunk whose return value is the
 * health. Argo CD embeds gopher-lua (Lua 5.1); this is LuaJ (Lua 5.2), which runs the same for
 * scripts of tables, comparisons, {@code ipairs} and {@code or}.
 */
final class ArgoHealthCheck {

  /** The statuses Argo CD knows. */
  static final java.util.Set<String> STATUSES =
      java.util.Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

  record Health(String status, String message) {}

  private final String script;

  ArgoHealthCheck(String script) {
    this.script = script;
  }

  Health of(JsonNode resource) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(resource));
    LuaValue result = globals.load(script, "health.lua").call();
    if (!result.istable()) {
      throw new IllegalStateException("the health script returned " + result.typename());
    }
    LuaValue message = result.get("message");
    return new Health(
        result.get("status").tojstring(), message.isnil() ? null : message.tojstring());
  }

  /** JSON as Argo CD hands it to Lua: objects and arrays are tables, null is nil. */
  static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.longValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }
}
