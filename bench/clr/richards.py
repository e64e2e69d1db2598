# Benchmark: an object-heavy task scheduler in the style of Martin
# Richards' benchmark (an idle task, two workers, two handlers and two
# devices exchanging packets through a priority scheduler), written for
# Kiln Python. Prints the counters on stdout and the time of the measured
# part on stderr.
import sys
import time

I_IDLE = 1
I_WORK = 2
I_HANDLERA = 3
I_HANDLERB = 4
I_DEVA = 5
I_DEVB = 6

K_DEV = 1000
K_WORK = 1001

BUFSIZE = 4


class Packet:
    def __init__(self, link, ident: int, kind: int):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUFSIZE

    def append_to(self, lst):
        self.link = None
        if lst is None:
            return self
        p = lst
        nxt = p.link
        while nxt is not None:
            p = nxt
            nxt = p.link
        p.link = self
        return lst


class TaskState:
    def __init__(self):
        self.packet_pending = True
        self.task_waiting = False
        self.task_holding = False

    def waiting_with_packet(self) -> bool:
        return self.packet_pending and self.task_waiting and not self.task_holding

    def is_held_or_suspended(self) -> bool:
        return self.task_holding or (not self.packet_pending and self.task_waiting)


class Task(TaskState):
    def __init__(self, sched, ident: int, prio: int, wkq, pending: bool, waiting: bool):
        TaskState.__init__(self)
        self.sched = sched
        self.ident = ident
        self.prio = prio
        self.wkq = wkq
        self.packet_pending = pending
        self.task_waiting = waiting
        self.task_holding = False
        self.link = sched.list_head
        sched.list_head = self
        sched.table[ident] = self

    def fn(self, pkt):
        raise NotImplementedError("fn")

    def add_packet(self, pkt, old):
        if self.wkq is None:
            self.wkq = pkt
            self.packet_pending = True
            if self.prio > old.prio:
                return self
        else:
            self.wkq = pkt.append_to(self.wkq)
        return old

    def run_task(self):
        pkt = None
        if self.waiting_with_packet():
            pkt = self.wkq
            self.wkq = pkt.link
            if self.wkq is None:
                self.packet_pending = False
                self.task_waiting = False
                self.task_holding = False
            else:
                self.packet_pending = True
                self.task_waiting = False
                self.task_holding = False
        return self.fn(pkt)

    def wait_task(self):
        self.task_waiting = True
        return self

    def hold(self):
        self.sched.hold_count += 1
        self.task_holding = True
        return self.link

    def release(self, ident: int):
        t = self.sched.find(ident)
        t.task_holding = False
        if t.prio > self.prio:
            return t
        return self

    def qpkt(self, pkt):
        t = self.sched.find(pkt.ident)
        self.sched.qpkt_count += 1
        pkt.link = None
        pkt.ident = self.ident
        return t.add_packet(pkt, self)


class DeviceTask(Task):
    def __init__(self, sched, ident: int, prio: int, wkq):
        Task.__init__(self, sched, ident, prio, wkq, False, True)
        self.pending = None

    def fn(self, pkt):
        if pkt is None:
            p = self.pending
            if p is None:
                return self.wait_task()
            self.pending = None
            return self.qpkt(p)
        self.pending = pkt
        return self.hold()


class HandlerTask(Task):
    def __init__(self, sched, ident: int, prio: int, wkq):
        Task.__init__(self, sched, ident, prio, wkq, True, True)
        self.work_in = None
        self.device_in = None

    def fn(self, pkt):
        if pkt is not None:
            if pkt.kind == K_WORK:
                self.work_in = pkt.append_to(self.work_in)
            else:
                self.device_in = pkt.append_to(self.device_in)
        work = self.work_in
        if work is None:
            return self.wait_task()
        count = work.datum
        if count >= BUFSIZE:
            self.work_in = work.link
            return self.qpkt(work)
        dev = self.device_in
        if dev is None:
            return self.wait_task()
        self.device_in = dev.link
        dev.datum = work.data[count]
        work.datum = count + 1
        return self.qpkt(dev)


class IdleTask(Task):
    def __init__(self, sched, ident: int, prio: int, count: int):
        Task.__init__(self, sched, ident, prio, None, False, False)
        self.control = 1
        self.count = count

    def fn(self, pkt):
        self.count -= 1
        if self.count == 0:
            return self.hold()
        if self.control & 1 == 0:
            self.control = self.control // 2
            return self.release(I_DEVA)
        self.control = (self.control // 2) ^ 0xD008
        return self.release(I_DEVB)


class WorkTask(Task):
    def __init__(self, sched, ident: int, prio: int, wkq):
        Task.__init__(self, sched, ident, prio, wkq, True, True)
        self.destination = I_HANDLERA
        self.count = 0

    def fn(self, pkt):
        if pkt is None:
            return self.wait_task()
        if self.destination == I_HANDLERA:
            self.destination = I_HANDLERB
        else:
            self.destination = I_HANDLERA
        pkt.ident = self.destination
        pkt.datum = 0
        for i in range(BUFSIZE):
            self.count += 1
            if self.count > 26:
                self.count = 1
            pkt.data[i] = 65 + self.count - 1
        return self.qpkt(pkt)


class Scheduler:
    def __init__(self):
        self.list_head = None
        self.table = [None] * 10
        self.hold_count = 0
        self.qpkt_count = 0

    def find(self, ident: int):
        t = self.table[ident]
        if t is None:
            raise ValueError("no task " + str(ident))
        return t

    def schedule(self) -> None:
        t = self.list_head
        while t is not None:
            if t.is_held_or_suspended():
                t = t.link
            else:
                t = t.run_task()


def run_once(count: int) -> Scheduler:
    s = Scheduler()
    IdleTask(s, I_IDLE, 1, count)
    wkq = Packet(None, 0, K_WORK)
    wkq = Packet(wkq, 0, K_WORK)
    WorkTask(s, I_WORK, 1000, wkq)
    wkq = Packet(None, I_DEVA, K_DEV)
    wkq = Packet(wkq, I_DEVA, K_DEV)
    wkq = Packet(wkq, I_DEVA, K_DEV)
    HandlerTask(s, I_HANDLERA, 2000, wkq)
    wkq = Packet(None, I_DEVB, K_DEV)
    wkq = Packet(wkq, I_DEVB, K_DEV)
    wkq = Packet(wkq, I_DEVB, K_DEV)
    HandlerTask(s, I_HANDLERB, 3000, wkq)
    DeviceTask(s, I_DEVA, 4000, None)
    DeviceTask(s, I_DEVB, 5000, None)
    s.schedule()
    return s


def entry_point(argv: list[str]) -> int:
    iterations = 20
    if len(argv) > 1:
        iterations = int(argv[1])
    t0 = time.perf_counter()
    holds = 0
    qpkts = 0
    for i in range(iterations):
        s = run_once(10000)
        holds += s.hold_count
        qpkts += s.qpkt_count
    t1 = time.perf_counter()
    print("holds", holds, "qpkts", qpkts)
    sys.stderr.write("elapsed " + str(t1 - t0) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
