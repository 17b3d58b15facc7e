/*
 * Parser for the HCL2 native syntax (hashicorp/hcl, hclsyntax/spec.md): "Structural Elements",
 * "Expressions" and "Templates". The productions follow the spec's; where the spec's prose decides
 * (newlines, one-line blocks, the "for" keyword in collections), the comments say how.
 *
 * Every decision is LL(1) or LL(2) apart from the object separators, so SLL prediction almost never falls
 * back to full LL.
 */
parser grammar HclParser;

options { tokenVocab = HclLexer; }

// ---------------------------------------------------------------- entry points

configFile : body EOF ;

/** An expression given on its own (a -var value, say). */
standaloneExpression : NL* expression NL* EOF ;

/** A string's contents read as a template (the lexer starts in TEMPLATE mode). */
standaloneTemplate : templateBody EOF ;

// ---------------------------------------------------------------- structure

/** Each attribute or block ends with a newline (or the end of the file). */
body : (NL | bodyItem (NL | EOF))* ;

bodyItem : attribute | block ;

attribute : name ASSIGN expression ;

/** "{" then a newline opens a multi-line body; otherwise the block is a one-line block holding at most one
 *  attribute. */
block : name blockLabel* LBRACE (NL body | attribute?) RBRACE ;

blockLabel : name | quotedTemplate ;

// ---------------------------------------------------------------- expressions

/** Alternatives from the tightest binding to the loosest: spec "Operations", levels 6 to 1, then the
 *  conditional, which associates to the right. */
expression
    : exprTerm                                                      # termExpr
    | op=(MINUS | BANG) expression                                  # unaryExpr
    | expression op=(STAR | SLASH | PERCENT) expression             # binaryExpr
    | expression op=(PLUS | MINUS) expression                       # binaryExpr
    | expression op=(LT | GT | LE | GE) expression                  # binaryExpr
    | expression op=(EQ | NE) expression                            # binaryExpr
    | expression op=AND expression                                  # binaryExpr
    | expression op=OR expression                                   # binaryExpr
    | <assoc=right> expression QUESTION expression COLON expression # conditionalExpr
    ;

exprTerm : primary postfix* ;

primary
    : NUMBER                           # numberLit
    | TRUE                             # trueLit
    | FALSE                            # falseLit
    | NULL                             # nullLit
    | quotedTemplate                   # quotedExpr
    | heredocTemplate                  # heredocExpr
    | functionCall                     # callExpr
    | variableName                     # variableExpr
    | forTuple                         # forTupleExpr
    | tuple                            # tupleExpr
    | forObject                        # forObjectExpr
    | object                           # objectExpr
    | LPAREN expression RPAREN         # parensExpr
    ;

postfix
    : DOT name                         # getAttr
    | DOT NUMBER                       # legacyIndex
    | DOT STAR                         # attrSplat
    | LBRACK STAR RBRACK               # fullSplat
    | LBRACK expression RBRACK         # index
    ;

/** "provider::aws::arn_parse(x)" is Terraform's provider-defined function syntax. */
functionCall : IDENT (DCOLON IDENT)* LPAREN arguments? RPAREN ;

arguments : expression (COMMA expression)* (COMMA | ELLIPSIS)? ;

tuple : LBRACK (expression (COMMA expression)* COMMA?)? RBRACK ;

/** Items are separated by a comma or a newline; newlines may also surround them. */
object : LBRACE NL* (objectItem (objectSeparator objectItem)* objectSeparator?)? RBRACE ;

objectSeparator : (COMMA | NL) NL* ;

objectItem : expression (ASSIGN | COLON) expression ;

forTuple : LBRACK forIntro expression forCondition? RBRACK ;

forObject : LBRACE forIntro expression FAT_ARROW expression ELLIPSIS? forCondition? RBRACE ;

forIntro : FOR name (COMMA name)? IN expression COLON ;

forCondition : IF expression ;

/** Any identifier, keywords included (attribute names, block types, attribute access). */
name : IDENT | FOR | IN | IF | ELSE | ENDIF | ENDFOR | TRUE | FALSE | NULL ;

/** A variable: "for" is the for-expression keyword at the start of a collection, and true/false/null are
 *  literals. */
variableName : IDENT | IN | IF | ELSE | ENDIF | ENDFOR ;

// ---------------------------------------------------------------- templates

quotedTemplate : QUOTE templateBody QUOTE_CLOSE ;

heredocTemplate : HEREDOC_START templateBody HEREDOC_END ;

templateBody : templatePart* ;

templatePart
    : (TEXT | ESCAPE | ESCAPED_INTRO | NEWLINE_TEXT)   # templateLiteral
    | interpolation                                   # templateInterpolation
    | templateIf                                      # templateIfPart
    | templateFor                                     # templateForPart
    ;

interpolation : open=(INTERP_OPEN | INTERP_OPEN_STRIP) expression close=(RBRACE | STRIP_CLOSE) ;

templateIf : directiveOpen IF expression directiveClose templateBody templateElse? directiveOpen ENDIF directiveClose ;

templateElse : directiveOpen ELSE directiveClose templateBody ;

templateFor : directiveOpen FOR name (COMMA name)? IN expression directiveClose templateBody directiveOpen ENDFOR directiveClose ;

directiveOpen : DIRECTIVE_OPEN | DIRECTIVE_OPEN_STRIP ;

directiveClose : RBRACE | STRIP_CLOSE ;
