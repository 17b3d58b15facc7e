package dev.farol.doctor.hcl;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import dev.farol.doctor.hcl.HclParser.*;

/** Turns the parse tree into the {@link Body} and {@link Expr} records, with their ranges. */
final class AstBuilder {

  private final Path file;
  private final TemplateBuilder templates;

  AstBuilder(Path file) {
    this.file = file;
    this.templates = new TemplateBuilder(file, this::expr);
  }

  // ------------------------------------------------------------------ structure

  Body file(ConfigFileContext ctx) {
    Token eof = ctx.EOF().getSymbol();
    return body(ctx.body(), new SourceRange(1, 1, eof.getLine(), eof.getCharPositionInLine() + 1));
  }

  private Body body(BodyContext ctx, SourceRange range) {
    List<Attribute> attributes = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();
    for (BodyItemContext item : ctx.bodyItem()) {
      if (item.attribute() != null) {
        attributes.add(attribute(item.attribute()));
      } else {
        blocks.add(block(item.block()));
      }
    }
    return new Body(attributes, blocks, range);
  }

  private Attribute attribute(AttributeContext ctx) {
    return new Attribute(ctx.name().getText(), expr(ctx.expression()), Positions.of(ctx), Positions.of(ctx.name()));
  }

  private Block block(BlockContext ctx) {
    List<String> labels = new ArrayList<>();
    for (BlockLabelContext label : ctx.blockLabel()) {
      labels.add(label.name() != null ? label.name().getText() : templates.label(label.quotedTemplate().templateBody()));
    }
    SourceRange inside = Positions.inside(ctx.LBRACE().getSymbol(), ctx.RBRACE().getSymbol());
    Body body;
    if (ctx.body() != null) {
      body = body(ctx.body(), inside);
    } else if (ctx.attribute() != null) {
      body = new Body(List.of(attribute(ctx.attribute())), List.of(), inside);
    } else {
      body = new Body(List.of(), List.of(), inside);
    }
    return new Block(ctx.name().getText(), labels, body, Positions.of(ctx), Positions.of(ctx.name()));
  }

  // ------------------------------------------------------------------ expressions

  Expr expr(ExpressionContext ctx) {
    SourceRange range = Positions.of(ctx);
    if (ctx instanceof TermExprContext t) {
      return term(t.exprTerm());
    }
    if (ctx instanceof UnaryExprContext u) {
      return new Expr.Unary(u.op.getText(), expr(u.expression()), range);
    }
    if (ctx instanceof BinaryExprContext b) {
      return new Expr.Binary(b.op.getText(), expr(b.expression(0)), expr(b.expression(1)), range);
    }
    var c = (ConditionalExprContext) ctx;
    return new Expr.Conditional(expr(c.expression(0)), expr(c.expression(1)), expr(c.expression(2)), range);
  }

  /**
   * A primary and its postfix operators. Attribute and index steps extend a {@link Expr.Reference}; a
   * splat takes the steps after it (attributes only for {@code .*}, attributes and indexes for
   * {@code [*]}); elsewhere they become {@link Expr.GetAttr} and {@link Expr.IndexExpr}.
   */
  private Expr term(ExprTermContext ctx) {
    Expr cur = primary(ctx.primary());
    Token start = ctx.getStart();
    boolean inSplat = false;
    for (PostfixContext p : ctx.postfix()) {
      SourceRange range = Positions.between(start, p.getStop());
      Step step = step(p);
      if (p instanceof AttrSplatContext || p instanceof FullSplatContext) {
        cur = new Expr.Splat(cur, List.of(), p instanceof FullSplatContext, range);
        inSplat = true;
      } else if (inSplat && cur instanceof Expr.Splat s && (s.full() || step instanceof Step.Attr)) {
        cur = new Expr.Splat(s.source(), append(s.each(), step), s.full(), range);
      } else if (cur instanceof Expr.Reference r && !inSplat) {
        cur = new Expr.Reference(r.root(), append(r.steps(), step), range);
      } else {
        inSplat = false;
        cur = step instanceof Step.Attr a
            ? new Expr.GetAttr(cur, a.name(), range)
            : new Expr.IndexExpr(cur, ((Step.Index) step).key(), range);
      }
    }
    return cur;
  }

  private Step step(PostfixContext p) {
    if (p instanceof GetAttrContext g) {
      return new Step.Attr(g.name().getText());
    }
    if (p instanceof IndexContext i) {
      return new Step.Index(expr(i.expression()));
    }
    if (p instanceof LegacyIndexContext l) {
      Token number = l.NUMBER().getSymbol();
      if (!number.getText().chars().allMatch(Character::isDigit)) {
        throw new HclSyntaxException(file, number.getLine(), number.getCharPositionInLine() + 1,
            "a legacy index \".N\" must be a whole number, found \"" + number.getText()
                + "\": write the index in brackets, as in [0]");
      }
      return new Step.Index(new Expr.Literal(new BigDecimal(number.getText()), Positions.of(number)));
    }
    return null;
  }

  private static List<Step> append(List<Step> steps, Step step) {
    List<Step> out = new ArrayList<>(steps);
    out.add(step);
    return out;
  }

  private Expr primary(PrimaryContext ctx) {
    SourceRange range = Positions.of(ctx);
    if (ctx instanceof NumberLitContext n) {
      return new Expr.Literal(new BigDecimal(n.getText()), range);
    }
    if (ctx instanceof TrueLitContext) {
      return new Expr.Literal(Boolean.TRUE, range);
    }
    if (ctx instanceof FalseLitContext) {
      return new Expr.Literal(Boolean.FALSE, range);
    }
    if (ctx instanceof NullLitContext) {
      return new Expr.Literal(null, range);
    }
    if (ctx instanceof QuotedExprContext q) {
      return templates.build(q.quotedTemplate().templateBody(), TemplateBuilder.Kind.QUOTED, range);
    }
    if (ctx instanceof HeredocExprContext h) {
      var doc = h.heredocTemplate();
      boolean flush = doc.HEREDOC_START().getText().startsWith("<<-");
      return templates.build(doc.templateBody(),
          flush ? TemplateBuilder.Kind.FLUSH_HEREDOC : TemplateBuilder.Kind.HEREDOC, range);
    }
    if (ctx instanceof CallExprContext c) {
      return call(c.functionCall(), range);
    }
    if (ctx instanceof VariableExprContext v) {
      return new Expr.Reference(v.getText(), List.of(), range);
    }
    if (ctx instanceof TupleExprContext t) {
      return new Expr.Tuple(t.tuple().expression().stream().map(this::expr).toList(), range);
    }
    if (ctx instanceof ObjectExprContext o) {
      return new Expr.ObjectCons(o.object().objectItem().stream().map(this::objectItem).toList(), range);
    }
    if (ctx instanceof ForTupleExprContext f) {
      var t = f.forTuple();
      return forExpr(t.forIntro(), null, expr(t.expression()), t.forCondition(), false, range);
    }
    if (ctx instanceof ForObjectExprContext f) {
      var o = f.forObject();
      return forExpr(o.forIntro(), expr(o.expression(0)), expr(o.expression(1)), o.forCondition(),
          o.ELLIPSIS() != null, range);
    }
    return new Expr.Parens(expr(((ParensExprContext) ctx).expression()), range);
  }

  private Expr call(FunctionCallContext ctx, SourceRange range) {
    String name = String.join("::", ctx.IDENT().stream().map(TerminalNode::getText).toList());
    var args = ctx.arguments();
    if (args == null) {
      return new Expr.Call(name, List.of(), false, range);
    }
    return new Expr.Call(name, args.expression().stream().map(this::expr).toList(), args.ELLIPSIS() != null, range);
  }

  /** A bare identifier (or a bare true/false/null) key is the literal name, not a variable. */
  private Expr.ObjectItem objectItem(ObjectItemContext ctx) {
    ExpressionContext keyCtx = ctx.expression(0);
    Expr key = expr(keyCtx);
    boolean bare = false;
    if (keyCtx.getStart() == keyCtx.getStop()) {
      int type = keyCtx.getStart().getType();
      if (key instanceof Expr.Reference r && r.steps().isEmpty()
          || type == HclLexer.TRUE || type == HclLexer.FALSE || type == HclLexer.NULL) {
        key = new Expr.Literal(keyCtx.getText(), key.range());
        bare = true;
      }
    }
    return new Expr.ObjectItem(key, bare, expr(ctx.expression(1)));
  }

  private Expr forExpr(ForIntroContext intro, Expr key, Expr value, ForConditionContext cond, boolean grouping,
      SourceRange range) {
    boolean two = intro.name().size() == 2;
    return new Expr.For(two ? intro.name(0).getText() : null, intro.name(two ? 1 : 0).getText(),
        expr(intro.expression()), key, value, cond == null ? null : expr(cond.expression()), grouping, range);
  }
}
