package io.syncbridge.graphql;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.parser.Parser;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which subscription field an operation subscribes to: the tag of its subscription metric. */
final class SubscriptionField {

  private SubscriptionField() {}

  /**
   * The field a subscription operation selects (it has exactly one root field), for the metric;
   * "unknown" for a document the execution accepted but this cannot read, which does not happen.
   */
  static String of(String query, String operationName) {
    try {
      Document document = Parser.parse(query);
      Map<String, FragmentDefinition> fragments =
          document.getDefinitionsOfType(FragmentDefinition.class).stream()
              .collect(Collectors.toMap(FragmentDefinition::getName, Function.identity()));
      for (OperationDefinition operation :
          document.getDefinitionsOfType(OperationDefinition.class)) {
        if (operationName == null || operationName.equals(operation.getName())) {
          List<Selection> selections = operation.getSelectionSet().getSelections();
          while (!selections.isEmpty()) {
            Selection<?> first = selections.get(0);
            if (first instanceof Field field) {
              return field.getName();
            }
            if (first instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
              selections = fragments.get(spread.getName()).getSelectionSet().getSelections();
            } else {
              break;
            }
          }
        }
      }
    } catch (RuntimeException e) {
      // Executed, so parsed once already: falls through.
    }
    return "unknown";
  }
}
