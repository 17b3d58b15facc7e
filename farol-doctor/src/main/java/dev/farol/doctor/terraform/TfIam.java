package dev.farol.doctor.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.doctor.hcl.Attribute;
import dev.farol.doctor.hcl.Block;
import dev.farol.doctor.hcl.ConfigFile;
import dev.farol.doctor.hcl.Expr;
import dev.farol.doctor.hcl.Step;
import dev.farol.doctor.hcl.Value;
import dev.farol.doctor.model.Policies;
import dev.farol.doctor.model.PolicyStatement;
import dev.farol.doctor.model.Site;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a function's role may do, when the role is an {@code aws_iam_role} of the files: its inline
 * policies, {@code aws_iam_role_policy} and {@code aws_iam_role_policy_attachment} resources naming it,
 * their documents written as {@code jsonencode({...})}, a JSON string or heredoc, or a
 * {@code data "aws_iam_policy_document"}. A role from elsewhere, or a policy whose document cannot be read
 * (a managed policy the doctor does not know), leaves the permissions incomplete.
 */
final class TfIam {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> HARMLESS = List.of("AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole",
      "AWSXRayDaemonWriteAccess", "AWSXrayWriteOnlyAccess", "CloudWatchLambdaInsightsExecutionRolePolicy",
      "AWSLambdaSQSQueueExecutionRole", "AWSLambdaDynamoDBExecutionRole", "AWSLambdaKinesisExecutionRole",
      "CloudWatchLambdaApplicationSignalsExecutionRolePolicy");

  private final Function<Path, String> shown;

  TfIam(Function<Path, String> shown) {
    this.shown = shown;
  }

  Policies of(Expr roleExpr, TfScope scope, ConfigFile file) {
    Origin o = Origins.trace(Origin.of(file, roleExpr, "role", scope));
    Optional<String> name = resourceName(o.expr(), "aws_iam_role");
    if (name.isEmpty() || o.scope() == null) {
      return Policies.unknown();
    }
    TfInstance in = o.scope().instance();
    TfModule.Def role = in.module.resources.get("aws_iam_role." + name.get());
    if (role == null) {
      return Policies.unknown();
    }
    Reading r = new Reading(in);
    for (Block inline : role.block().body().blocks("inline_policy")) {
      inline.body().attribute("policy").ifPresent(p -> r.document(p.expr(), role.file()));
    }
    role.block().body().attribute("managed_policy_arns").ifPresent(a -> {
      Value v = TfInstance.eval(a.expr(), in.scope(), role.file());
      if (v instanceof Value.ListV l) {
        l.items().forEach(item -> r.managed(item));
      } else {
        r.complete = false;
      }
    });
    for (TfModule.Def d : in.module.resources.values()) {
      String type = d.block().labels().get(0);
      Optional<Attribute> roleAttr = d.block().body().attribute(type.equals("aws_iam_policy_attachment") ? "roles" : "role");
      if (roleAttr.isEmpty() || !refersTo(roleAttr.get().expr(), name.get())) {
        continue;
      }
      if (type.equals("aws_iam_role_policy")) {
        d.block().body().attribute("policy").ifPresent(p -> r.document(p.expr(), d.file()));
      } else if (type.equals("aws_iam_role_policy_attachment") || type.equals("aws_iam_policy_attachment")) {
        d.block().body().attribute("policy_arn").ifPresent(p -> r.attached(p.expr(), d.file()));
      }
    }
    Site site = new Site(role.file().file(), shown.apply(role.file().file()), role.block().range().startLine(),
        role.block().range().startColumn(), role.block().range().endLine(), role.block().range().endColumn(),
        in.prefix() + "aws_iam_role." + name.get(), Site.Kind.MAP);
    return new Policies(r.statements, r.complete, site);
  }

  private static Optional<String> resourceName(Expr e, String type) {
    if (e instanceof Expr.Reference ref && ref.root().equals(type) && !ref.steps().isEmpty()
        && ref.steps().get(0) instanceof Step.Attr a) {
      return Optional.of(a.name());
    }
    return Optional.empty();
  }

  /** Whether {@code e} names {@code aws_iam_role.<name>} (its name, id or arn; in a list for attachments). */
  private static boolean refersTo(Expr e, String name) {
    if (e instanceof Expr.Tuple t) {
      return t.items().stream().anyMatch(i -> refersTo(i, name));
    }
    return resourceName(e, "aws_iam_role").filter(name::equals).isPresent();
  }

  /** Reads policy documents into statements for one role. */
  private final class Reading {
    final TfInstance in;
    final List<PolicyStatement> statements = new ArrayList<>();
    boolean complete = true;

    Reading(TfInstance in) {
      this.in = in;
    }

    void document(Expr e, ConfigFile file) {
      Expr x = e;
      if (x instanceof Expr.Call c && c.name().equals("jsonencode") && c.args().size() == 1) {
        statements(TfInstance.eval(c.args().get(0), in.scope(), file), file, x);
        return;
      }
      if (x instanceof Expr.Reference ref && ref.root().equals("data") && ref.steps().size() >= 2
          && ref.steps().get(0) instanceof Step.Attr t && t.name().equals("aws_iam_policy_document")
          && ref.steps().get(1) instanceof Step.Attr n) {
        TfModule.Def doc = in.module.data.get("aws_iam_policy_document." + n.name());
        if (doc == null) {
          complete = false;
          return;
        }
        for (Block st : doc.block().body().blocks("statement")) {
          statement(st, doc.file());
        }
        return;
      }
      Value v = TfInstance.eval(x, in.scope(), file);
      if (v.asString().isPresent()) {
        try {
          statements(dev.farol.doctor.hcl.Values.ofJson(JSON.readTree(v.asString().get())), file, x);
        } catch (java.io.IOException ex) {
          complete = false;
        }
      } else {
        complete = false;
      }
    }

    void attached(Expr e, ConfigFile file) {
      Optional<String> policy = resourceName(e, "aws_iam_policy");
      if (policy.isPresent()) {
        TfModule.Def p = in.module.resources.get("aws_iam_policy." + policy.get());
        if (p != null && p.block().body().attribute("policy").isPresent()) {
          document(p.block().body().attribute("policy").get().expr(), p.file());
        } else {
          complete = false;
        }
        return;
      }
      managed(TfInstance.eval(e, in.scope(), file));
    }

    void managed(Value v) {
      String arn = v.asString().orElse("");
      if (arn.endsWith("/AdministratorAccess") || arn.endsWith("/SecretsManagerReadWrite")) {
        statements.add(new PolicyStatement("Allow", List.of(arn.endsWith("AdministratorAccess") ? "*"
            : "secretsmanager:*"), List.of("*"), null));
      } else if (HARMLESS.stream().noneMatch(arn::endsWith)) {
        complete = false;
      }
    }

    private void statement(Block st, ConfigFile file) {
      String effect = st.body().attribute("effect").map(a -> TfInstance.eval(a.expr(), in.scope(), file).asString()
          .orElse("Allow")).orElse("Allow");
      List<String> actions = strings(st.body().attribute("actions").map(a -> TfInstance.eval(a.expr(), in.scope(), file))
          .orElse(Value.list(List.of())));
      List<String> resources = strings(st.body().attribute("resources").map(a -> TfInstance.eval(a.expr(), in.scope(),
          file)).orElse(Value.list(List.of(Value.of("*")))));
      statements.add(new PolicyStatement(effect, actions, resources, site(file, st.range())));
    }

    private void statements(Value doc, ConfigFile file, Expr where) {
      if (!(doc instanceof Value.MapV m)) {
        complete = false;
        return;
      }
      Value s = m.entries().get("Statement");
      List<Value> list = s instanceof Value.ListV l ? l.items() : s instanceof Value.MapV ? List.of(s) : List.of();
      for (Value st : list) {
        if (!(st instanceof Value.MapV sm)) {
          complete = false;
          continue;
        }
        String effect = sm.entries().getOrDefault("Effect", Value.of("Allow")).asString().orElse("Allow");
        statements.add(new PolicyStatement(effect, strings(sm.entries().getOrDefault("Action", Value.list(List.of()))),
            strings(sm.entries().getOrDefault("Resource", Value.of("*"))), site(file, where.range())));
      }
    }

    private Site site(ConfigFile file, dev.farol.doctor.hcl.SourceRange r) {
      return new Site(file.file(), shown.apply(file.file()), r.startLine(), r.startColumn(), r.endLine(), r.endColumn(),
          "statement", Site.Kind.MAP);
    }
  }

  /** Strings of a string or a list; what cannot be known counts as {@code *} (nothing concluded from it). */
  private static List<String> strings(Value v) {
    List<String> out = new ArrayList<>();
    if (v instanceof Value.ListV l) {
      for (Value i : l.items()) {
        out.add(i.asString().orElse("*"));
      }
      if (l.open()) {
        out.add("*");
      }
    } else {
      out.add(v.asString().orElse("*"));
    }
    return out;
  }
}
