package dev.farol.doctor.sam;

import dev.farol.doctor.doc.DocSites;
import dev.farol.doctor.doc.Intrinsics;
import dev.farol.doctor.doc.Node;
import dev.farol.doctor.model.Policies;
import dev.farol.doctor.model.PolicyStatement;
import dev.farol.doctor.model.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a template says a function's role may do: the role SAM makes from the function's {@code Policies}
 * (managed policies, statements, policy templates), or an {@code AWS::IAM::Role} of the template with its
 * inline policies and the {@code AWS::IAM::Policy} resources attached to it. A role from outside the
 * template, or a managed policy the doctor does not know, leaves the permissions incomplete.
 */
final class TemplateRoles {
  /** AWS managed policies known to grant no access to secrets, parameters or keys. */
  private static final List<String> HARMLESS = List.of("AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole",
      "AWSXRayDaemonWriteAccess", "AWSXrayWriteOnlyAccess", "CloudWatchLambdaInsightsExecutionRolePolicy",
      "AWSLambdaSQSQueueExecutionRole", "AWSLambdaDynamoDBExecutionRole", "AWSLambdaKinesisExecutionRole",
      "CloudWatchLambdaApplicationSignalsExecutionRolePolicy", "AWSLambdaMSKExecutionRole");
  private static final List<String> ALL_ACCESS = List.of("AdministratorAccess", "SecretsManagerReadWrite");

  private final DocSites sites;
  private final CfnEvaluator eval;
  private final Node.MapNode resources;
  private boolean complete = true;

  TemplateRoles(DocSites sites, CfnEvaluator eval, Node.MapNode resources) {
    this.sites = sites;
    this.eval = eval;
    this.resources = resources;
  }

  Policies of(Node.MapNode props, boolean sam, String propsPath) {
    List<PolicyStatement> statements = new ArrayList<>();
    Optional<Node> role = props.get("Role");
    Site site = null;
    if (role.isPresent()) {
      Optional<String> id = roleId(role.get());
      Optional<Node> body = id.flatMap(resources::get);
      if (id.isEmpty() || body.isEmpty()) {
        return Policies.unknown();
      }
      Node.MapNode roleProps = SamReader.map(SamReader.map(body).get("Properties"));
      site = sites.of(body.get(), "Resources." + id.get());
      for (Node p : items(roleProps.get("Policies"))) {
        statements.addAll(document(SamReader.map(Optional.of(p)).get("PolicyDocument")));
      }
      for (Node arn : items(roleProps.get("ManagedPolicyArns"))) {
        managed(arn, statements);
      }
      attached(id.get(), statements);
    } else if (sam) {
      Optional<Node> list = props.get("Policies");
      site = list.isPresent() && list.get() instanceof Node.Seq seq ? sites.of(seq, "Policies")
          : list.isPresent() ? sites.of(list.get(), "Policies") : sites.insertInto(props, propsPath + ".Policies");
      for (Node p : items(props.get("Policies"))) {
        if (p instanceof Node.Scalar || Intrinsics.isIntrinsic(p)) {
          managed(p, statements);
        } else if (p instanceof Node.MapNode m && m.get("Statement").isPresent()) {
          statements.addAll(document(Optional.of(m)));
        } else if (p instanceof Node.MapNode m) {
          template(m, statements);
        }
      }
      if (props.get("Policies").isPresent() && !(props.get("Policies").get() instanceof Node.Seq)) {
        Node single = props.get("Policies").get();
        if (single instanceof Node.MapNode m && m.get("Statement").isPresent()) {
          statements.addAll(document(Optional.of(m)));
        } else {
          managed(single, statements);
        }
      }
    } else {
      return Policies.unknown();
    }
    return new Policies(statements, complete, site);
  }

  private Optional<String> roleId(Node role) {
    Optional<Intrinsics.Call> c = Intrinsics.of(role);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    String arg = CfnEvaluator.scalar(c.get().argument());
    if (c.get().name().equals("Fn::GetAtt")) {
      String id = c.get().argument() instanceof Node.Seq s && !s.items().isEmpty()
          ? CfnEvaluator.scalar(s.items().get(0)) : arg.split("\\.")[0];
      return Optional.of(id);
    }
    return c.get().name().equals("Ref") ? Optional.of(arg) : Optional.empty();
  }

  /** Statements of AWS::IAM::Policy / ManagedPolicy resources that list the role. */
  private void attached(String roleId, List<PolicyStatement> statements) {
    for (Node.Entry r : resources.entries()) {
      Node.MapNode body = SamReader.map(Optional.of(r.value()));
      String type = body.get("Type").map(CfnEvaluator::scalar).orElse("");
      if (!type.equals("AWS::IAM::Policy") && !type.equals("AWS::IAM::ManagedPolicy")) {
        continue;
      }
      Node.MapNode props = SamReader.map(body.get("Properties"));
      for (Node role : items(props.get("Roles"))) {
        if (roleId(role).filter(roleId::equals).isPresent()) {
          statements.addAll(document(props.get("PolicyDocument")));
        }
      }
    }
  }

  private void managed(Node n, List<PolicyStatement> statements) {
    CfnValue v = eval.eval(n);
    if (!(v instanceof CfnValue.Known k)) {
      String written = CfnEvaluator.describe(n);
      if (HARMLESS.stream().noneMatch(written::contains)) {
        complete = false;
      }
      return;
    }
    String name = k.value();
    if (ALL_ACCESS.stream().anyMatch(name::endsWith)) {
      statements.add(new PolicyStatement("Allow", List.of(name.endsWith("AdministratorAccess") ? "*"
          : "secretsmanager:*"), List.of("*"), sites.of(n, name)));
    } else if (HARMLESS.stream().noneMatch(name::endsWith)) {
      complete = false;
    }
  }

  /** SAM policy templates that grant what the extension needs. */
  private void template(Node.MapNode m, List<PolicyStatement> statements) {
    for (Node.Entry e : m.entries()) {
      Node.MapNode args = SamReader.map(Optional.of(e.value()));
      switch (e.key().value()) {
        case "AWSSecretsManagerGetSecretValuePolicy" -> statements.add(new PolicyStatement("Allow",
            List.of("secretsmanager:GetSecretValue"), List.of(resource(args.get("SecretArn"))), sites.of(m, "")));
        case "SSMParameterReadPolicy", "SSMParameterWithSlashPrefixReadPolicy" -> statements.add(
            new PolicyStatement("Allow", List.of("ssm:GetParameter", "ssm:GetParameters"), List.of("arn:*:ssm:*:*:parameter"
                + slash(resource(args.get("ParameterName")))), sites.of(m, "")));
        case "KMSDecryptPolicy" -> statements.add(new PolicyStatement("Allow", List.of("kms:Decrypt"),
            List.of("*"), sites.of(m, "")));
        default -> { }
      }
    }
  }

  private static String slash(String p) {
    return p.startsWith("/") || p.equals("*") ? p : "/" + p;
  }

  private List<PolicyStatement> document(Optional<Node> doc) {
    List<PolicyStatement> out = new ArrayList<>();
    if (doc.isEmpty()) {
      return out;
    }
    if (!(doc.get() instanceof Node.MapNode m) || Intrinsics.isIntrinsic(m)) {
      complete = false;
      return out;
    }
    for (Node s : items(m.get("Statement"))) {
      Node.MapNode st = SamReader.map(Optional.of(s));
      String effect = st.get("Effect").map(this::text).orElse("Allow");
      List<String> actions = new ArrayList<>();
      for (Node a : items(st.get("Action"))) {
        actions.add(text(a).toLowerCase(Locale.ROOT));
      }
      List<String> res = new ArrayList<>();
      for (Node r : items(st.get("Resource"))) {
        res.add(resource(Optional.of(r)));
      }
      out.add(new PolicyStatement(effect, actions, res, sites.of(s, "Statement")));
    }
    return out;
  }

  /** A resource as written; one the template cannot tell becomes {@code *} (nothing concluded from it). */
  private String resource(Optional<Node> n) {
    if (n.isEmpty()) {
      return "*";
    }
    CfnValue v = eval.eval(n.get());
    return v instanceof CfnValue.Known k ? k.value() : "*";
  }

  private String text(Node n) {
    CfnValue v = eval.eval(n);
    return v instanceof CfnValue.Known k ? k.value() : "*";
  }

  private static List<Node> items(Optional<Node> n) {
    if (n.isEmpty()) {
      return List.of();
    }
    return n.get() instanceof Node.Seq s && s.tag() == null ? s.items() : List.of(n.get());
  }
}
