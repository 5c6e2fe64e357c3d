package org.depa.ccr.agent;

import org.depa.ccr.cleanroom.CleanRoomProcess;

/**
 * The clean room the CCR provider's operator launches per job:
 * {@code java ... org.depa.ccr.agent.CleanRoomMain [agent.properties] clean-room.json}. The work is
 * {@link CleanRoomProcess} (package {@code org.depa.ccr.cleanroom}; docs/clean-room-run.md).
 */
public final class CleanRoomMain {
    private CleanRoomMain() {}

    public static void main(String[] args) {
        System.exit(CleanRoomProcess.run(args, System.out));
    }
}
