import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The floor of a fan-out on the service's own WebSocket stack (embedded Tomcat, the JSR-356 API
 * that Spring's WebSocket support runs on), for bench/fanout.sh: no Spring, no GraphQL, nothing
 * stored. A createEmployee mutation is answered at once; then the request thread writes one
 * prebuilt frame to every subscribed session with a blocking send, the shortest path there is (no
 * queue, no thread hop).
 *
 * <pre>java -cp 'LIBS/*' TomcatFloor.java PORT</pre> with LIBS holding the service jar's
 * tomcat-embed-core, tomcat-embed-websocket, tomcat-embed-el and jakarta.annotation-api.
 */
public class TomcatFloor {
  static final Set<Session> SUBSCRIBED = ConcurrentHashMap.newKeySet();
  static final Pattern EMPLOYEE_ID = Pattern.compile("\"employeeId\":\"([^\"]+)\"");

  public static class Subscriber extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.addMessageHandler(String.class, message -> {
        if (message.contains("\"connection_init\"")) {
          send(session, "{\"type\":\"connection_ack\"}");
        } else if (message.contains("\"subscribe\"") || message.contains("\"start\"")) {
          SUBSCRIBED.add(session);
        }
      });
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      SUBSCRIBED.remove(session);
    }
  }

  static void send(Session session, String text) {
    try {
      session.getBasicRemote().sendText(text);
    } catch (IOException gone) {
      SUBSCRIBED.remove(session);
    }
  }

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setPort(Integer.parseInt(args[0]));
    tomcat.getConnector().setProperty("maxConnections", "20000");
    Context context = tomcat.addContext("", null);
    context.addServletContainerInitializer(new WsSci(), null);
    context.addServletContainerInitializer((classes, servletContext) -> {
      var container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
      try {
        container.addEndpoint(ServerEndpointConfig.Builder.create(Subscriber.class, "/graphql")
            .subprotocols(List.of("graphql-transport-ws", "graphql-ws")).build());
      } catch (jakarta.websocket.DeploymentException e) {
        throw new IllegalStateException(e);
      }
    }, null);
    Tomcat.addServlet(context, "mutations", new HttpServlet() {
      @Override
      protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher id = EMPLOYEE_ID.matcher(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        if (!id.find()) {
          response.sendError(400);
          return;
        }
        response.setContentType("application/json");
        response.getWriter().write("{\"data\":{\"createEmployee\":{\"id\":\"1\"}}}");
        response.flushBuffer();
        String next = "{\"id\":\"1\",\"type\":\"next\",\"payload\":{\"data\":{\"employeeCreated\":{\"employeeId\":\""
            + id.group(1) + "\"}}}}";
        String legacy = next.replace("\"type\":\"next\"", "\"type\":\"data\"");
        for (Session session : SUBSCRIBED) {
          send(session, "graphql-ws".equals(session.getNegotiatedSubprotocol()) ? legacy : next);
        }
      }
    });
    context.addServletMappingDecoded("/graphql", "mutations");
    tomcat.start();
    System.out.println("fanout floor (Tomcat WebSocket) on " + args[0]);
    tomcat.getServer().await();
  }
}
