package io.syncbridge;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

/** The layout of ARCHITECTURE.md, as rules the build checks. */
@AnalyzeClasses(packages = "io.syncbridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  @ArchTest
  static final ArchRule modelPackagesKnowNothingOfHttp =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.syncbridge.customer..", "io.syncbridge.product..", "io.syncbridge.order..")
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
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.syncbridge.customer..",
              "io.syncbridge.product..",
              "io.syncbridge.order..",
              "io.syncbridge.employee..");

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
