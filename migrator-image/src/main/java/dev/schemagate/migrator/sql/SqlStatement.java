package dev.schemagate.migrator.sql;

import java.util.List;
import java.util.Set;

/**
 * One statement of a script, as PostgreSQL would see it.
 *
 * @param start index (in {@code char}s) of the statement's first significant character in the
 *     script; leading whitespace and comments are not part of the statement
 * @param end index just after the statement's last character, excluding the terminating semicolon
 *     and trailing whitespace
 * @param text the statement text, {@code script.substring(start, end)}
 * @param leadingWords the first few unquoted words, lower-cased (used to recognise transaction
 *     control such as {@code COMMIT})
 * @param identifiers the words and quoted identifiers that occur outside strings and comments;
 *     unquoted ones lower-cased as PostgreSQL folds them (used to name the table a statement waited
 *     for)
 */
public record SqlStatement(
    int start, int end, String text, List<String> leadingWords, Set<String> identifiers) {

  /** The leading word at {@code index}, or the empty string. */
  public String word(int index) {
    return index < leadingWords.size() ? leadingWords.get(index) : "";
  }
}
