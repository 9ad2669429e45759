package io.syncbridge;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.syncbridge.sync.ModelSync;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

/** The layout of ARCHITECTURE.md, as rules the build checks. */
@AnalyzeClasses(packages = "io.syncbridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  /** A package holding a {@link ModelSync} implementation: customers, products, … */
  private static final DescribedPredicate<JavaClass> IN_A_MODEL_PACKAGE =
      DescribedPredicate.describe(
          "reside in a model package",
          type ->
              type.getPackage().getClasses().stream()
                  .anyMatch(
                      other -> !other.isInterface() && other.isAssignableTo(ModelSync.class)));

  @ArchTest
  static final ArchRule modelPackagesKnowNothingOfHttp =
      noClasses()
          .that(IN_A_MODEL_PACKAGE)
          .and()
          .areNotAnnotatedWith(Controller.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.syncbridge.web..", "jakarta.servlet..", "org.springframework.http..");

  @ArchTest
  static final ArchRule historyKnowsNoSyncCode =
      noClasses()
          .that()
          .resideInAPackage("io.syncbridge.history..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.syncbridge.sync..");

  @ArchTest
  static final ArchRule syncKnowsNoModel =
      noClasses()
          .that()
          .resideInAPackage("io.syncbridge.sync..")
          .should()
          .dependOnClassesThat(IN_A_MODEL_PACKAGE);

  @ArchTest
  static final ArchRule theUpsertEngineKnowsNoModelAndNoProtocol =
      noClasses()
          .that()
          .resideInAPackage("io.syncbridge.upsert..")
          .should()
          .dependOnClassesThat(IN_A_MODEL_PACKAGE.or(resideInAPackage("io.syncbridge.sync..")));

  @ArchTest
  static final ArchRule recordReadingDependsOnNoOtherPackage =
      classes()
          .that()
          .resideInAPackage("io.syncbridge.record..")
          .should()
          .onlyDependOnClassesThat(
              resideInAPackage("io.syncbridge.record..")
                  .or(resideOutsideOfPackage("io.syncbridge..")));

  @ArchTest
  static final ArchRule errorsDependOnNoOtherPackage =
      classes()
          .that()
          .resideInAPackage("io.syncbridge.error..")
          .should()
          .onlyDependOnClassesThat(
              resideInAPackage("io.syncbridge.error..")
                  .or(resideOutsideOfPackage("io.syncbridge..")));

  @ArchTest
  static final ArchRule idempotencyKnowsNoSyncCode =
      noClasses()
          .that()
          .resideInAPackage("io.syncbridge.idempotency..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.syncbridge.sync..");

  @ArchTest
  static final ArchRule repositoriesStayInsideTheirFeature =
      classes().that().areAnnotatedWith(Repository.class).should().notBePublic();

  @ArchTest
  static final ArchRule controllersStayInsideTheirFeature =
      classes().that().areAnnotatedWith(RestController.class).should().notBePublic();
}
