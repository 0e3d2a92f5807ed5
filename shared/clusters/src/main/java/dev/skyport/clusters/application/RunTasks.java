package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.Run;
import dev.skyport.kernel.UserId;
import java.util.Optional;

/** The Terraform tasks the provisioning workflow started, as the platform that runs them knows them. */
public interface RunTasks {

    /**
     * What the workflow started a task for: the run protocol's input, as the workflow passed it to the task.
     *
     * @param taskToken the Step Functions task token the workflow gave the task: a secret only that task holds
     */
    record RunTask(String taskId, UserId owner, ClusterId cluster, String runId, Run.Action action,
                   String taskToken) {

        @Override
        public String toString() {
            return "RunTask[" + taskId + ", run " + runId + "]";
        }
    }

    /**
     * The run the task was started for, while the task is one of the provisioning workflow's and still runs; empty
     * for any other task, or one that has stopped.
     */
    Optional<RunTask> find(String taskId);
}
