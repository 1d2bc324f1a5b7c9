package io.switchboard.engine.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides where dialled digits lead, in this order:
 *
 * <ol>
 *   <li>an extension of a user or a queue: internal;
 *   <li>a number the organisation holds (after normalisation with the number plan): internal to
 *       its target, so calling one's own DID never leaves FreeSWITCH; an unassigned or porting
 *       number is unroutable, with the reason;
 *   <li>any other complete number: outside, through the first outbound route whose pattern
 *       matches, its gateways in order, each with its caller id;
 *   <li>anything else: unroutable (incomplete, or no route).
 * </ol>
 *
 * <p>Internal extension-to-extension calls therefore never choose a gateway. Pure function over a
 * {@link DirectoryState}; stateless and thread-safe.
 */
public final class DialResolver {

  private DialResolver() {}

  /**
   * Who is calling, for caller-id rules.
   *
   * @param userId the calling user, or {@code null} for a caller from outside (a forwarded call)
   * @param callerNumber the original caller number as received, or {@code null}
   */
  public record Caller(String userId, String callerNumber) {

    /** A call placed by a user of the directory. */
    public static Caller user(String userId) {
      return new Caller(Objects.requireNonNull(userId, "userId"), null);
    }

    /** A call from outside being forwarded (queue action, user forwarding). */
    public static Caller external(String callerNumber) {
      return new Caller(null, callerNumber);
    }
  }

  /** Where {@code dialed} leads for {@code caller}. */
  public static Destination resolve(DirectoryState state, String dialed, Caller caller) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(caller, "caller");
    if (dialed == null || dialed.isEmpty()) {
      return new Destination.Unroutable("nothing was dialled");
    }
    if (!dialed.matches("\\+?[0-9*#]+")) {
      return new Destination.Unroutable("dialled \"" + printable(dialed) + "\" holds characters other than digits, '+', '*' and '#'");
    }
    Target byExtension = state.extensions().get(dialed);
    if (byExtension != null) {
      return new Destination.Internal(byExtension, "extension " + dialed);
    }
    Optional<E164> normalised = state.numberPlan().normalise(dialed);
    if (normalised.isEmpty()) {
      return new Destination.Unroutable("\"" + dialed + "\" is neither an extension nor a complete number under the number plan (country code "
          + state.numberPlan().countryCode() + ")");
    }
    E164 number = normalised.get();
    NumberEntry own = state.number(number);
    if (own != null) {
      return switch (own.state()) {
        case ASSIGNED -> new Destination.Internal(own.assignedTo(), "own number " + number);
        case AVAILABLE -> new Destination.Unroutable("number " + number + " belongs to the organisation but is not assigned; assign it to a flow, queue or user");
        case PORTING_IN -> new Destination.Unroutable("number " + number + " belongs to the organisation but is still porting in");
      };
    }
    return outside(state, number, caller);
  }

  /**
   * The gateways for an outside number (the first matching route, in order), each with its dial
   * string and caller id; unroutable when no route matches.
   */
  public static Destination outside(DirectoryState state, E164 number, Caller caller) {
    for (OutboundRoute route : state.outboundRoutes()) {
      if (route.pattern().matches(number)) {
        List<GatewayAttempt> attempts = new ArrayList<>();
        for (String gatewayId : route.gatewayIds()) {
          Gateway gateway = state.gateways().get(gatewayId);
          if (gateway != null) {
            attempts.add(attempt(state, gateway, number, caller));
          }
        }
        if (!attempts.isEmpty()) {
          return new Destination.Outside(number, attempts, route.pattern());
        }
      }
    }
    return new Destination.Unroutable("no outbound route matches " + number + "; add a route whose pattern matches it, e.g. +"
        + number.digits().charAt(0) + "*");
  }

  private static GatewayAttempt attempt(DirectoryState state, Gateway gateway, E164 destination, Caller caller) {
    CallerIdRule rule = gateway.callerId();
    User user = caller.userId() == null ? null : state.users().get(caller.userId());
    E164 presented =
        switch (rule.mode()) {
          case FIXED -> rule.fixedNumber();
          case MAIN_NUMBER -> state.mainNumber();
          case USER_NUMBER -> firstNonNull(userNumber(state, user), state.mainNumber());
          case PASS_THROUGH ->
              firstNonNull(state.numberPlan().normalise(caller.callerNumber()).orElse(null), userNumber(state, user), state.mainNumber());
        };
    if (presented == null) {
      // The domain refuses such gateways; a directory built by other means still must not present nothing.
      throw new IllegalStateException("gateway " + gateway.id() + " has no caller id to present: set a main number");
    }
    String name = rule.name();
    if (name == null && user != null && rule.mode() != CallerIdRule.Mode.MAIN_NUMBER && rule.mode() != CallerIdRule.Mode.FIXED) {
      name = user.displayName();
    }
    return new GatewayAttempt(gateway.id(), gateway.dialStringFor(destination, state.numberPlan()), rule.render(presented, state.numberPlan()), name);
  }

  private static E164 userNumber(DirectoryState state, User user) {
    if (user == null) {
      return null;
    }
    List<E164> numbers = state.numbersOf(Target.user(user.id()));
    return numbers.isEmpty() ? null : numbers.get(0);
  }

  private static E164 firstNonNull(E164... candidates) {
    for (E164 candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    return null;
  }

  private static String printable(String text) {
    StringBuilder sb = new StringBuilder();
    text.codePoints().limit(40).forEach(c -> sb.append(Character.isISOControl(c) ? '?' : (char) c));
    return sb.toString();
  }
}
