% A family-tree database: facts, rules, recursion, negation and all-solutions.
:- initialization(main).

male(tom). male(bob). male(jim). male(pat). male(ken). male(sam). male(leo).
female(pam). female(liz). female(ann). female(sue). female(eve). female(amy).

parent(pam, bob).
parent(tom, bob).
parent(tom, liz).
parent(bob, ann).
parent(bob, pat).
parent(pat, jim).
parent(liz, ken).
parent(liz, sue).
parent(sue, eve).
parent(ken, sam).
parent(ann, amy).
parent(jim, leo).

father(F, C) :- parent(F, C), male(F).
mother(M, C) :- parent(M, C), female(M).
grandparent(G, C) :- parent(G, P), parent(P, C).
sibling(A, B) :- parent(P, A), parent(P, B), A \== B.
brother(B, X) :- sibling(B, X), male(B).
sister(S, X) :- sibling(S, X), female(S).
uncle(U, C) :- parent(P, C), brother(U, P).
aunt(A, C) :- parent(P, C), sister(A, P).
cousin(A, B) :- parent(PA, A), parent(PB, B), sibling(PA, PB).
ancestor(A, D) :- parent(A, D).
ancestor(A, D) :- parent(A, X), ancestor(X, D).
childless(P) :- (male(P) ; female(P)), \+ parent(P, _).
generation(P, 0) :- \+ parent(_, P), !.
generation(P, N) :- parent(Q, P), !, generation(Q, M), N is M + 1.

report(Label, Goal, Template) :-
    findall(Template, Goal, L),
    format("~w: ~w~n", [Label, L]).

main :-
    report(fathers, father(F, _), F),
    report('mothers (set)', setof(M, C^mother(M, C), Ms), Ms),
    report('grandparents of jim', grandparent(G, jim), G),
    report('siblings', (sibling(A, B), A @< B), A-B),
    report('uncles', uncle(U, C2), U-C2),
    report('aunts', aunt(Au, C3), Au-C3),
    report('cousins of eve', cousin(X, eve), X),
    report('ancestors of leo', ancestor(An, leo), An),
    report('descendants of tom', ancestor(tom, D), D),
    report(childless, childless(P), P),
    ( setof(K-Cs, setof(C4, parent(K, C4), Cs), Groups) -> true ; Groups = [] ),
    write(children_by_parent), nl,
    forall(member(K2-Cs2, Groups), (write('  '), write(K2), write(' -> '), write(Cs2), nl)),
    forall(member(Who, [tom, bob, jim, leo, eve]),
           ( generation(Who, Gen), format("generation of ~w: ~w~n", [Who, Gen]) )),
    aggregate_all(count, parent(_, _), NP),
    format("~w parent facts~n", [NP]),
    ( ancestor(pam, leo) -> write('pam is an ancestor of leo') ; write(no) ), nl,
    ( \+ ancestor(leo, pam) -> write('leo is not an ancestor of pam') ; write(no) ), nl,
    halt.
