package dev.farol.doctor.hcl;

import java.nio.file.Path;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * The error strategy of the second (full LL) parsing stage: no recovery, the first error becomes an
 * {@link HclSyntaxException} whose message {@link SyntaxMessages} writes.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

  private final SyntaxMessages messages;

  SyntaxErrorStrategy(Path file, SyntaxMessages.Input input) {
    this.messages = new SyntaxMessages(file, input);
  }

  @Override
  public void reportError(Parser parser, RecognitionException e) {
    Token found = e.getOffendingToken() != null ? e.getOffendingToken() : parser.getCurrentToken();
    IntervalSet expected = e.getExpectedTokens();
    Token decisionStart = found;
    if (e instanceof NoViableAltException nva) {
      decisionStart = nva.getStartToken();
      if (decisionStart.getTokenIndex() != found.getTokenIndex()) {
        expected = null;
      }
    }
    throw messages.error(parser, found, expected, decisionStart);
  }

  @Override
  public Token recoverInline(Parser parser) {
    throw messages.error(parser, parser.getCurrentToken(), parser.getExpectedTokens(), parser.getCurrentToken());
  }

  @Override
  public void recover(Parser parser, RecognitionException e) {
    reportError(parser, e);
  }

  /** Reports a token that cannot follow here as soon as a loop or an optional part sees it. */
  @Override
  public void sync(Parser parser) {
    ATNState state = parser.getInterpreter().atn.states.get(parser.getState());
    int next = parser.getInputStream().LA(1);
    IntervalSet following = parser.getATN().nextTokens(state);
    if (following.contains(next) || following.contains(Token.EPSILON)) {
      return;
    }
    throw messages.error(parser, parser.getCurrentToken(), parser.getExpectedTokens(), parser.getCurrentToken());
  }
}
