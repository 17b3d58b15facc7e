/**
 * HCL2 native syntax for {@code farol doctor}: a parser, an AST that keeps expressions as trees with source
 * positions, and an evaluator for what the files make knowable.
 *
 * <h2>Parsing</h2>
 * The grammar ({@code HclLexer.g4}, {@code HclParser.g4}) is written from HashiCorp's specification,
 * <a href="https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md">hclsyntax/spec.md</a>: "Lexical
 * Elements", "Structural Elements", "Expressions" and "Templates". Choices where the spec leaves room or its
 * grammar and prose differ:
 * <ul>
 *   <li>Newlines are tokens only directly inside a body or an object constructor; inside {@code ( )},
 *       {@code [ ]}, {@code ${ }}, {@code %{ }} and a {@code {for ...}} expression the lexer skips them. It
 *       keeps a stack of open brackets for this ({@code HclLexerBase}), and looks past spaces and comments
 *       after a "{" for the {@code for} keyword, as the reference implementation does.</li>
 *   <li>Quoted templates, heredocs and bare templates are lexer modes; the heredoc's closing marker is
 *       recognised by a predicate that reads the whole line (spaces around the marker are allowed).</li>
 *   <li>A UTF-8 byte order mark is skipped (the spec forbids it; Terraform accepts it) and CRLF is a
 *       newline. Columns count code points; a tab is one column.</li>
 *   <li>Terraform's provider functions ({@code provider::aws::arn_parse(x)}) are accepted; keywords
 *       ({@code for}, {@code in}, {@code if}, {@code true}...) are names wherever a name is expected.</li>
 *   <li>Strip markers act on the literal text next to them, and {@code <<-} removes the smallest
 *       indentation of its non-blank lines, both before directives are nested again
 *       ({@code TemplateBuilder}), following the reference implementation's order.</li>
 *   <li>A string or heredoc without interpolation or directive is an {@link dev.farol.doctor.hcl.Expr.Literal};
 *       a variable followed by attribute and index steps is one {@link dev.farol.doctor.hcl.Expr.Reference},
 *       which is what Terraform's static analysis calls a traversal.</li>
 * </ul>
 * {@link dev.farol.doctor.hcl.Hcl} parses in two stages: ANTLR's SLL prediction with a bail-out error
 * strategy, then full LL only when SLL fails; the second stage's strategy turns the first error into an
 * {@link dev.farol.doctor.hcl.HclSyntaxException} worded by {@code SyntaxMessages}. The generated
 * {@code HclLexer} and {@code HclParser} classes are public because ANTLR generates them so; they are not
 * part of the API.
 *
 * <h2>Evaluation</h2>
 * {@link dev.farol.doctor.hcl.Evaluator} evaluates an expression against a
 * {@link dev.farol.doctor.hcl.Scope}, which resolves references and grants
 * {@link dev.farol.doctor.hcl.FileAccess}. What the files cannot tell is a
 * {@link dev.farol.doctor.hcl.Value.Unknown} carrying its source text; lists and maps may be open. The rules
 * of propagation are on {@code Evaluator}; each function that keeps partial knowledge says how in
 * {@code CollectionFunctions}, {@code TypeFunctions} and {@code FileFunctions}. What Terraform would reject
 * is an {@link dev.farol.doctor.hcl.EvaluationException} with file, line and column.
 */
package dev.farol.doctor.hcl;
