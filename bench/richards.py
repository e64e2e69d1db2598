# Richards: the classic operating-system simulation benchmark (tasks,
# packets, a priority scheduler), written in Kiln Python. Object-heavy:
# virtual calls, field access, nullable links. Argument: iterations.

I_IDLE = 0
I_WORK = 1
I_HANDLERA = 2
I_HANDLERB = 3
I_DEVA = 4
I_DEVB = 5
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


class TaskRec:
    def __init__(self):
        self.dummy = 0


class DeviceTaskRec(TaskRec):
    def __init__(self):
        self.pending = None


class IdleTaskRec(TaskRec):
    def __init__(self):
        self.control = 1
        self.count = 10000


class HandlerTaskRec(TaskRec):
    def __init__(self):
        self.work_in = None
        self.device_in = None

    def work_in_add(self, p):
        self.work_in = p.append_to(self.work_in)
        return self.work_in

    def device_in_add(self, p):
        self.device_in = p.append_to(self.device_in)
        return self.device_in


class WorkerTaskRec(TaskRec):
    def __init__(self):
        self.destination = I_HANDLERA
        self.count = 0


class Scheduler:
    def __init__(self):
        self.task_tab = [None] * 10
        self.task_list = None
        self.hold_count = 0
        self.qpkt_count = 0
        self.current = None
        self.current_id = 0
        self.layout = 0


class Task:
    def __init__(self, sched, ident: int, priority: int, wkq, rec, waiting: bool, holding: bool):
        self.sched = sched
        self.link = sched.task_list
        self.ident = ident
        self.priority = priority
        self.input = wkq
        self.packet_pending = wkq is not None
        self.task_waiting = waiting
        self.task_holding = holding
        self.handle = rec
        sched.task_list = self
        sched.task_tab[ident] = self

    def fn(self, pkt, rec):
        raise NotImplementedError("fn")

    def is_held_or_suspended(self) -> bool:
        return self.task_holding or ((not self.packet_pending) and self.task_waiting)

    def add_packet(self, p, old):
        if self.input is None:
            self.input = p
            self.packet_pending = True
            if self.priority > old.priority:
                return self
        else:
            p.append_to(self.input)
        return old

    def run_task(self):
        if self.task_waiting and self.packet_pending:
            msg = self.input
            self.input = msg.link
            if self.input is None:
                self.task_waiting = False
                self.packet_pending = False
            else:
                self.task_waiting = False
                self.packet_pending = True
        else:
            msg = None
        return self.fn(msg, self.handle)

    def wait_task(self):
        self.task_waiting = True
        return self

    def hold(self):
        self.sched.hold_count += 1
        self.task_holding = True
        return self.link

    def release(self, i: int):
        t = self.find_tcb(i)
        t.task_holding = False
        if t.priority > self.priority:
            return t
        return self

    def qpkt(self, pkt):
        t = self.find_tcb(pkt.ident)
        self.sched.qpkt_count += 1
        pkt.link = None
        pkt.ident = self.sched.current_id
        return t.add_packet(pkt, self)

    def find_tcb(self, ident: int):
        t = self.sched.task_tab[ident]
        if t is None:
            raise RuntimeError("bad task id " + str(ident))
        return t


class DeviceTask(Task):
    def fn(self, pkt, rec):
        d = rec
        assert isinstance(d, DeviceTaskRec)
        if pkt is None:
            pkt = d.pending
            if pkt is None:
                return self.wait_task()
            d.pending = None
            return self.qpkt(pkt)
        d.pending = pkt
        return self.hold()


class HandlerTask(Task):
    def fn(self, pkt, rec):
        h = rec
        assert isinstance(h, HandlerTaskRec)
        if pkt is not None:
            if pkt.kind == K_WORK:
                h.work_in_add(pkt)
            else:
                h.device_in_add(pkt)
        work = h.work_in
        if work is None:
            return self.wait_task()
        count = work.datum
        if count >= BUFSIZE:
            h.work_in = work.link
            return self.qpkt(work)
        dev = h.device_in
        if dev is None:
            return self.wait_task()
        h.device_in = dev.link
        dev.datum = work.data[count]
        work.datum = count + 1
        return self.qpkt(dev)


class IdleTask(Task):
    def fn(self, pkt, rec):
        i = rec
        assert isinstance(i, IdleTaskRec)
        i.count -= 1
        if i.count == 0:
            return self.hold()
        if i.control & 1 == 0:
            i.control = i.control // 2
            return self.release(I_DEVA)
        i.control = (i.control // 2) ^ 0xD008
        return self.release(I_DEVB)


class WorkTask(Task):
    def fn(self, pkt, rec):
        w = rec
        assert isinstance(w, WorkerTaskRec)
        if pkt is None:
            return self.wait_task()
        if w.destination == I_HANDLERA:
            dest = I_HANDLERB
        else:
            dest = I_HANDLERA
        w.destination = dest
        pkt.ident = dest
        pkt.datum = 0
        for i in range(BUFSIZE):
            w.count += 1
            if w.count > 26:
                w.count = 1
            pkt.data[i] = 65 + w.count - 1
        return self.qpkt(pkt)


def schedule(sched: Scheduler) -> None:
    t = sched.task_list
    while t is not None:
        if t.is_held_or_suspended():
            t = t.link
        else:
            sched.current_id = t.ident
            t = t.run_task()


def run_once(sched: Scheduler) -> bool:
    sched.hold_count = 0
    sched.qpkt_count = 0
    IdleTask(sched, I_IDLE, 1, None, IdleTaskRec(), False, False)
    wkq = Packet(None, 0, K_WORK)
    wkq = Packet(wkq, 0, K_WORK)
    WorkTask(sched, I_WORK, 1000, wkq, WorkerTaskRec(), True, False)
    wkq = Packet(None, I_DEVA, K_DEV)
    wkq = Packet(wkq, I_DEVA, K_DEV)
    wkq = Packet(wkq, I_DEVA, K_DEV)
    HandlerTask(sched, I_HANDLERA, 2000, wkq, HandlerTaskRec(), True, False)
    wkq = Packet(None, I_DEVB, K_DEV)
    wkq = Packet(wkq, I_DEVB, K_DEV)
    wkq = Packet(wkq, I_DEVB, K_DEV)
    HandlerTask(sched, I_HANDLERB, 3000, wkq, HandlerTaskRec(), True, False)
    DeviceTask(sched, I_DEVA, 4000, None, DeviceTaskRec(), True, False)
    DeviceTask(sched, I_DEVB, 5000, None, DeviceTaskRec(), True, False)
    schedule(sched)
    return sched.hold_count == 9297 and sched.qpkt_count == 23246


def entry_point(argv: list[str]) -> int:
    n = 10
    if len(argv) > 1:
        n = int(argv[1])
    ok = True
    for i in range(n):
        sched = Scheduler()
        if not run_once(sched):
            ok = False
    print("richards", n, "ok" if ok else "WRONG")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
