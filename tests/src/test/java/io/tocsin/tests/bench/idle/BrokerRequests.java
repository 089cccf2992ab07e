package io.tocsin.tests.bench.idle;

import com.sun.tools.attach.VirtualMachine;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * How many requests of each kind a broker has answered, from its own meters
 * ({@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=*,version=*}, summed over
 * versions). The broker JVM runs no JMX port: this attaches once, before the settle, and starts
 * the JVM's local management agent, so its threads (RMI, JMX) are there and idle by the window;
 * each reading is one short RMI call, whose cost shows under the broker's "RMI TCP" threads.
 */
final class BrokerRequests implements AutoCloseable {
    private final String address;

    private BrokerRequests(String address) {
        this.address = address;
    }

    static BrokerRequests attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return new BrokerRequests(vm.startLocalManagementAgent());
        } finally {
            vm.detach();
        }
    }

    /** Requests answered so far, by API name. */
    Map<String, Long> counts() throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            for (ObjectName n :
                    mbs.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                long count = ((Number) mbs.getAttribute(n, "Count")).longValue();
                out.merge(n.getKeyProperty("request"), count, Long::sum);
            }
        }
        return out;
    }

    /** Requests a second in a window, by API name, the busiest first; kinds with none left out. */
    static Map<String, Double> rates(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / seconds))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public void close() {
        // the agent stays with the broker JVM, which the run stops
    }
}
